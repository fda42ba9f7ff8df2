package dev.linebase.cli.queue;

import dev.linebase.queue.DurableQueue;
import dev.linebase.queue.PistributerImporter;
import dev.linebase.queue.QueueConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code linebase queue import-pistributer FILE DIR}: imports a pistributer channel's backlog. */
@Command(name = "import-pistributer", mixinStandardHelpOptions = true,
    description = "Import the unconsumed messages of a pistributer channel (ch.jsonl) into a "
        + "queue, in order, from its saved index.")
public final class QueueImportPistributerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin QueueOpener opener;

  @Parameters(index = "0", paramLabel = "FILE", description = "The channel file, e.g. ch.jsonl.")
  Path channel;

  @Parameters(index = "1", paramLabel = "DIR", description = "Queue directory or sqlite file.")
  Path dir;

  @Override
  public Integer call() throws IOException {
    try (DurableQueue<String> q = opener.open(dir, QueueConfig.DEFAULT_GROUP, 1)) {
      if (q.size() > 0) {
        throw new IllegalArgumentException(dir + " already holds " + q.size()
            + " messages; import into a new queue (importing twice would duplicate)");
      }
      PistributerImporter.Result r = PistributerImporter.importChannel(channel, q);
      spec.commandLine().getOut().println("{\"imported\":" + r.imported() + ",\"startIndex\":"
          + r.startIndex() + "}");
      spec.commandLine().getOut().flush();
    }
    return 0;
  }
}
