package dev.linebase.cli.demo;

import dev.linebase.cli.Progress;
import dev.linebase.cli.Units;
import dev.linebase.io.Durability;
import dev.linebase.jsonl.LineReader;
import dev.linebase.jsonl.Records;
import dev.linebase.log.LogConfig;
import dev.linebase.log.SegmentFiles;
import dev.linebase.log.SegmentedLog;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * Demo step: appends every event of the file to a segmented log in batches of 1,024 lines under
 * durability {@code NONE} (the bytes reach the OS page cache, so they survive a crash of this
 * process), with 64 MiB segments so the log rolls. {@link LogGroupStep} then shows durable
 * appends.
 */
final class LogAppendStep implements DemoStep {
  static final long SEGMENT_BYTES = 64L << 20;
  private static final int BATCH = 1024;

  @Override
  public String name() {
    return "log append";
  }

  @Override
  public String run(DemoContext context) throws Exception {
    Files.createDirectories(context.logDir());
    LogConfig config =
        LogConfig.builder().durability(Durability.NONE).segmentBytes(SEGMENT_BYTES).build();
    long appended = 0;
    long t0 = System.nanoTime();
    long endLine;
    long fileBytes = Files.size(context.eventsFile());
    try (Progress bar = context.progress("log append");
        SegmentedLog log = SegmentedLog.open(context.logDir(), config);
        LineReader lines =
            LineReader.open(context.eventsFile(), Records.DEFAULT_MAX_RECORD_BYTES)) {
      List<byte[]> batch = new ArrayList<>(BATCH);
      while (lines.next()) {
        batch.add(lines.contentBytes());
        if (batch.size() == BATCH) {
          log.appendAll(batch);
          appended += batch.size();
          batch.clear();
          bar.update(lines.nextOffset(), fileBytes);
        }
      }
      if (!batch.isEmpty()) {
        log.appendAll(batch);
        appended += batch.size();
      }
      bar.update(fileBytes, fileBytes);
      endLine = log.endLine();
    }
    long took = System.nanoTime() - t0;
    int segments = SegmentFiles.list(context.logDir(), null).size();
    return String.format("%s lines to %s/ (%d segment%s, durability %s) at %s",
        Units.count(appended), context.logDir().getFileName(), segments,
        segments == 1 ? "" : "s", Durability.NONE,
        Units.rate(appended, took)) + (endLine == appended ? "" : "; end line " + endLine);
  }
}
