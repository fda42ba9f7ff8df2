package dev.linebase.cli;

import dev.linebase.io.Durability;
import dev.linebase.log.LogConfig;
import dev.linebase.log.LogFormat;
import dev.linebase.log.SegmentedLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code linebase log append DIR}: appends the lines of stdin to a segmented log (created if
 * absent), each validated as one JSON value unless {@code --txt}; blank lines are skipped in a
 * JSON log. On success prints one JSON object: how many lines were appended and their range. A
 * line that is rejected stops the command with exit 1 naming its stdin line number; the lines
 * before it stay appended (and are durable under the chosen policy).
 */
@Command(
    name = "append",
    mixinStandardHelpOptions = true,
    header = "Append lines from stdin to a log (created if absent).",
    description = {
      "Each line must be one JSON value unless --txt; blank lines are skipped in a JSON log.",
      "Prints {\"appended\":N,\"firstLine\":F,\"endLine\":E,\"durability\":P}."
    })
final class LogAppendCommand implements Callable<Integer> {
  /** Most lines appended in one call (one write, one fsync under GROUP or SYNC). */
  static final int BATCH_LINES = 1024;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "The log directory.")
  Path dir;

  @Option(
      names = "--durability",
      paramLabel = "POLICY",
      defaultValue = "group",
      converter = DurabilityConverter.class,
      description = "none, group, group(N,MS) or sync (default: ${DEFAULT-VALUE}).")
  Durability durability;

  @Option(names = "--txt", description = "A text log: lines are not checked as JSON.")
  boolean text;

  @Option(
      names = "--segment-bytes",
      paramLabel = "BYTES",
      description = "Roll to a new segment past this size (default: 256 MiB).")
  Long segmentBytes;

  @Override
  public Integer call() throws Exception {
    Durability policy = durability;
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new UserException(dir + " is not a directory");
    }
    LogConfig.Builder config =
        LogConfig.builder().durability(policy).format(text ? LogFormat.TEXT : LogFormat.JSONL);
    if (segmentBytes != null) {
      if (segmentBytes <= 0) {
        throw new UserException("--segment-bytes must be positive: " + segmentBytes);
      }
      config.segmentBytes(segmentBytes);
    }
    Files.createDirectories(dir);
    LogConfig built = config.build();
    InputLines in = new InputLines(Main.root(spec).stdin(), built.maxRecordBytes());
    long[] appended = {0};
    long first = -1;
    try (SegmentedLog log = SegmentedLog.open(dir, built)) {
      List<byte[]> batch = new ArrayList<>(BATCH_LINES);
      long[] batchInputLines = new long[BATCH_LINES];
      boolean more = true;
      while (more) {
        // Batch the lines already waiting on stdin (up to BATCH_LINES), so a bulk load shares
        // one write and one fsync per batch while a slow stream is appended line by line.
        batch.clear();
        do {
          byte[] record = in.next();
          more = record != null;
          if (!more) {
            break;
          }
          if (!text && isBlank(record)) {
            continue;
          }
          batchInputLines[batch.size()] = in.lineNumber();
          batch.add(record);
        } while (batch.size() < BATCH_LINES && in.ready());
        if (!batch.isEmpty()) {
          long base = append(log, batch, batchInputLines, appended);
          if (first < 0) {
            first = base;
          }
        }
      }
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("appended", appended[0]);
      result.put("firstLine", first < 0 ? null : first);
      result.put("endLine", log.endLine());
      result.put("durability", policy.toString());
      JsonOutput.println(spec.commandLine().getOut(), result);
    }
    return ExitCodes.OK;
  }

  /**
   * Appends a batch with one call; if the log rejects a record (the whole batch is then
   * unwritten), appends the batch record by record to keep the valid records before the rejected
   * one and name its stdin line.
   */
  private static long append(
      SegmentedLog log, List<byte[]> batch, long[] inputLines, long[] appended)
      throws IOException {
    try {
      long base = log.appendAll(batch);
      appended[0] += batch.size();
      return base;
    } catch (IllegalArgumentException batchRejected) {
      long base = -1;
      for (int i = 0; i < batch.size(); i++) {
        try {
          long n = log.append(batch.get(i));
          base = base < 0 ? n : base;
          appended[0]++;
        } catch (IllegalArgumentException e) {
          throw new UserException("stdin line " + inputLines[i] + ": " + e.getMessage() + " ("
              + appended[0] + (appended[0] == 1 ? " line" : " lines") + " appended before it)");
        }
      }
      throw new IllegalStateException("the log rejected a batch but each of its records: "
          + batchRejected.getMessage(), batchRejected);
    }
  }

  private static boolean isBlank(byte[] record) {
    for (byte b : record) {
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }
}
