package dev.linebase.cli.queue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.linebase.jsonl.Json;
import dev.linebase.queue.DurableQueue;
import dev.linebase.queue.FileQueue;
import dev.linebase.queue.QueueConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code linebase queue info DIR}: one JSON object with the size, each group's position and
 * remaining count, and the disk used. Consumes nothing.
 */
@Command(name = "info", mixinStandardHelpOptions = true,
    description = "Print size, remaining and position per group, and disk used, as JSON.")
public final class QueueInfoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin QueueOpener opener;

  @Parameters(index = "0", paramLabel = "DIR", description = "Queue directory or sqlite file.")
  Path dir;

  @Override
  public Integer call() throws IOException {
    if (!Files.exists(dir)) {
      throw new java.nio.file.NoSuchFileException(dir.toString(), null, "no such queue");
    }
    ObjectNode info = Json.mapper().createObjectNode();
    try (DurableQueue<String> q = opener.open(dir, QueueConfig.DEFAULT_GROUP, 1)) {
      info.put("path", dir.toString());
      info.put("driver", q instanceof FileQueue ? "file" : "sqlite");
      info.put("size", q.size());
      ObjectNode groups = info.putObject("groups");
      List<String> names = q instanceof FileQueue<?> f ? f.groups() : List.of(q.group());
      for (String g : names) {
        ObjectNode n = groups.putObject(g);
        n.put("position", q.position(g));
        n.put("remaining", q.remaining(g));
      }
    }
    info.put("diskBytes", diskBytes(dir));
    spec.commandLine().getOut().println(Json.mapper().writeValueAsString(info));
    spec.commandLine().getOut().flush();
    return 0;
  }

  private static long diskBytes(Path path) throws IOException {
    if (Files.isRegularFile(path)) {
      long total = Files.size(path);
      for (String suffix : List.of("-wal", "-shm")) {
        Path p = path.resolveSibling(path.getFileName() + suffix);
        total += Files.exists(p) ? Files.size(p) : 0;
      }
      return total;
    }
    long total = 0;
    try (Stream<Path> files = Files.walk(path)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        try {
          total += Files.isRegularFile(p) ? Files.size(p) : 0;
        } catch (java.nio.file.NoSuchFileException e) {
          // removed while walking
        }
      }
    }
    return total;
  }
}
