package dev.linebase.queue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.linebase.io.AtomicFiles;
import dev.linebase.io.CorruptFileException;
import dev.linebase.jsonl.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The marker file that makes a directory a file queue, {@code DIR/queue.json}, and the checks
 * made when a directory is opened as one.
 *
 * <h2>Format, version 1</h2>
 *
 * One JSON object on one line: {@code {"linebase":"queue","version":1,"format":"jsonl"}} where
 * {@code format} is {@code jsonl} or {@code txt}. Written once, atomically, when the queue is
 * created.
 *
 * <p>Stateless and thread-safe.
 */
final class QueueMarker {
  static final int VERSION = 1;
  private static final byte[] SQLITE_MAGIC = "SQLite format 3".getBytes(StandardCharsets.US_ASCII);

  private QueueMarker() {}

  /**
   * Makes {@code dir} a queue of {@code format} if it is new or empty, otherwise checks that it
   * is one of that format.
   *
   * @throws IOException one clear message for: a file where the directory should be, a
   *     directory holding other files but no marker, a damaged marker, another format or version
   */
  static void createOrCheck(Path dir, Format format) throws IOException {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new IOException(dir + " is a file, not a queue directory"
          + (isSqlite(dir) ? " (it is a sqlite database: open it with SqliteQueue)" : ""));
    }
    Path marker = QueueFiles.marker(dir);
    if (!Files.exists(marker)) {
      if (Files.isDirectory(dir) && !isEmpty(dir)) {
        throw new IOException(dir + " is not a linebase queue: it holds files but no "
            + QueueFiles.MARKER);
      }
      Files.createDirectories(dir);
      AtomicFiles.write(marker, ("{\"linebase\":\"queue\",\"version\":" + VERSION
          + ",\"format\":\"" + name(format) + "\"}\n").getBytes(StandardCharsets.UTF_8));
    }
    Format found = read(dir);
    if (found != format) {
      throw new IOException(dir + " is a " + name(found) + " queue, opened as " + name(format));
    }
  }

  /** The format recorded in the marker of queue {@code dir}. */
  static Format read(Path dir) throws IOException {
    Path marker = QueueFiles.marker(dir);
    if (!Files.isRegularFile(marker)) {
      throw new IOException(dir + " is not a linebase queue (no " + QueueFiles.MARKER + ")");
    }
    JsonNode node;
    try {
      node = Json.mapper().readTree(Files.readAllBytes(marker));
    } catch (IOException e) {
      throw new CorruptFileException(marker, 0, 0, "not JSON: " + e.getMessage(), e);
    }
    if (node == null || !"queue".equals(node.path("linebase").asText())) {
      throw new CorruptFileException(marker, 0, 0, "not a linebase queue marker");
    }
    int version = node.path("version").asInt(-1);
    if (version != VERSION) {
      throw new IOException(marker + ": queue version " + version
          + " is not supported (this library reads version " + VERSION + ")");
    }
    String f = node.path("format").asText();
    for (Format candidate : Format.values()) {
      if (name(candidate).equals(f)) {
        return candidate;
      }
    }
    throw new CorruptFileException(marker, 0, 0, "unknown queue format '" + f + "'");
  }

  static String name(Format format) {
    return format.name().toLowerCase(Locale.ROOT);
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    }
  }

  private static boolean isSqlite(Path file) {
    try (var in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(SQLITE_MAGIC.length);
      return java.util.Arrays.equals(head, SQLITE_MAGIC);
    } catch (IOException e) {
      return false;
    }
  }
}
