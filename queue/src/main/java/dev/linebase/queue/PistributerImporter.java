package dev.linebase.queue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.linebase.io.CorruptFileException;
import dev.linebase.jsonl.Json;
import dev.linebase.jsonl.LineReader;
import dev.linebase.jsonl.Records;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Imports the unconsumed messages of a channel of the Python {@code pistributer} library into a
 * Linebase queue, in order.
 *
 * <p>A pistributer channel {@code ch.jsonl} is up to three files:
 *
 * <ul>
 *   <li>{@code ch.jsonl}: producers append one JSON value per line;
 *   <li>{@code ch.jsonl.in_use}: the file a consumer is draining (pistributer renames {@code
 *       ch.jsonl} to it when it starts a round, while producers may still hold the old name open
 *       &mdash; the rename that loses messages);
 *   <li>{@code ch.jsonl.index}: {@code {"index": N}}, how many lines of the file being drained
 *       were consumed.
 * </ul>
 *
 * The unconsumed messages are lines {@code N..} of {@code ch.jsonl.in_use} followed by every line
 * of {@code ch.jsonl}; when there is no {@code in_use} file, lines {@code N..} of {@code ch.jsonl}.
 * Blank lines are skipped; a final line without a newline is imported when it is valid JSON (it
 * is what a Python reader would have returned). The pistributer files are only read, never
 * changed. Importing is not idempotent: import into a fresh queue once.
 *
 * <p>This class is stateless and thread-safe.
 */
public final class PistributerImporter {
  private static final int BATCH = 1000;

  private PistributerImporter() {}

  /** What an import did. */
  public record Result(long startIndex, long imported) {}

  /**
   * Imports the unconsumed messages of channel {@code channelFile} ({@code ch.jsonl}) into {@code
   * target}.
   *
   * @throws IOException if the index file is not {@code {"index": N}}, N is past the end of the
   *     file it counts, or a line is not one JSON value (with the path and line number)
   */
  public static Result importChannel(Path channelFile, DurableQueue<String> target)
      throws IOException {
    Path inUse = channelFile.resolveSibling(channelFile.getFileName() + ".in_use");
    Path indexFile = channelFile.resolveSibling(channelFile.getFileName() + ".index");
    boolean hasInUse = Files.isRegularFile(inUse);
    if (!hasInUse && !Files.isRegularFile(channelFile)) {
      throw new IOException("no pistributer channel at " + channelFile + " (neither it nor "
          + inUse.getFileName() + " exists)");
    }
    long index = readIndex(indexFile);
    long imported = 0;
    if (hasInUse) {
      imported += copy(inUse, index, target);
      if (Files.isRegularFile(channelFile)) {
        imported += copy(channelFile, 0, target);
      }
    } else {
      imported += copy(channelFile, index, target);
    }
    return new Result(index, imported);
  }

  private static long readIndex(Path indexFile) throws IOException {
    if (!Files.exists(indexFile)) {
      return 0;
    }
    byte[] bytes = Files.readAllBytes(indexFile);
    JsonNode node;
    try {
      node = Json.mapper().readTree(bytes);
    } catch (IOException e) {
      throw new CorruptFileException(indexFile, 0, 0, "not JSON: " + e.getMessage(), e);
    }
    JsonNode n = node == null ? null : node.get("index");
    if (n == null || !n.canConvertToLong() || n.asLong() < 0) {
      throw new CorruptFileException(indexFile, 0, 0,
          "expected {\"index\": N} with N >= 0, found " + new String(bytes,
              java.nio.charset.StandardCharsets.UTF_8).trim());
    }
    return n.asLong();
  }

  private static long copy(Path file, long skipLines, DurableQueue<String> target)
      throws IOException {
    long count = 0;
    long line = 0;
    List<String> batch = new ArrayList<>(BATCH);
    try (LineReader r = LineReader.open(file, Records.DEFAULT_MAX_RECORD_BYTES)) {
      while (r.next()) {
        line = r.lineNumber() + 1;
        if (r.lineNumber() < skipLines) {
          continue;
        }
        String content = r.content();
        if (content.isBlank()) {
          continue;
        }
        String problem = Json.problem(r.buffer(), r.contentOffset(), r.contentLength());
        if (problem != null) {
          throw new CorruptFileException(file, r.lineOffset(), r.lineNumber(), problem);
        }
        batch.add(content.strip());
        if (batch.size() == BATCH) {
          target.putAll(batch);
          count += batch.size();
          batch.clear();
        }
      }
    }
    if (line < skipLines) {
      throw new IOException(file + " has " + line + " lines but the pistributer index says "
          + skipLines + " were consumed");
    }
    if (!batch.isEmpty()) {
      target.putAll(batch);
      count += batch.size();
    }
    return count;
  }
}
