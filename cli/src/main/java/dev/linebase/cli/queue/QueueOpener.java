package dev.linebase.cli.queue;

import dev.linebase.io.Durability;
import dev.linebase.queue.DurableQueue;
import dev.linebase.queue.FileQueue;
import dev.linebase.queue.Format;
import dev.linebase.queue.QueueConfig;
import dev.linebase.queue.SqliteQueue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * Options shared by the queue commands and how they open a queue: an existing regular file (or a
 * new path ending in {@code .db}/{@code .sqlite}) is a sqlite queue, anything else a file queue
 * directory. An existing queue's format is read from it; {@code --format} applies to new ones.
 */
public final class QueueOpener {
  @Option(names = "--format", paramLabel = "jsonl|txt",
      description = "Format of a new queue (default: jsonl; an existing queue keeps its own).")
  String format;

  @Option(names = "--durability", paramLabel = "none|group|sync",
      description = "When puts and positions are durable (default: none).")
  String durability = "none";

  /** Opens the queue at {@code path}. */
  DurableQueue<String> open(Path path, String group, int claimBatch) throws IOException {
    QueueConfig.Builder b = QueueConfig.builder()
        .durability(Durability.parse(durability))
        .group(group)
        .claimBatch(claimBatch);
    if (isSqlite(path)) {
      b.format(format == null ? Format.JSONL : parseFormat(format));
      return SqliteQueue.open(path, b.build());
    }
    b.format(existingFormat(path));
    return FileQueue.open(path, b.build());
  }

  private Format existingFormat(Path dir) throws IOException {
    if (Files.isRegularFile(dir.resolve("queue.json"))) {
      return FileQueue.formatOf(dir);
    }
    return format == null ? Format.JSONL : parseFormat(format);
  }

  static boolean isSqlite(Path path) {
    String name = path.getFileName() == null ? "" : path.getFileName().toString();
    return Files.isRegularFile(path) || (!Files.exists(path)
        && (name.endsWith(".db") || name.endsWith(".sqlite")));
  }

  private static Format parseFormat(String text) {
    switch (text.toLowerCase(Locale.ROOT)) {
      case "jsonl":
        return Format.JSONL;
      case "txt":
        return Format.TXT;
      default:
        throw new IllegalArgumentException("unknown format '" + text + "' (expected jsonl or txt)");
    }
  }
}
