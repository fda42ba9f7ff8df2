package dev.linebase.cli.demo;

import dev.linebase.cli.Units;
import dev.linebase.index.LineIndex;
import dev.linebase.io.Durability;
import dev.linebase.log.LogConfig;
import dev.linebase.log.SegmentedLog;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Demo step: appends events to the log with {@code appendAsync} under group commit; each future
 * completes only after the fsync that covers its record, and one fsync covers many records.
 */
final class LogGroupStep implements DemoStep {
  private static final int RECORDS = 20_000;

  @Override
  public String name() {
    return "log group";
  }

  @Override
  public String run(DemoContext context) throws Exception {
    LogConfig config =
        LogConfig.builder()
            .durability(Durability.GROUP)
            .segmentBytes(LogAppendStep.SEGMENT_BYTES)
            .build();
    EventGenerator events;
    try (LineIndex file = LineIndex.open(context.eventsFile())) {
      events = new EventGenerator(context.seed() + 2)
          .continueAfter(file.readLine(file.totalLines() - 1));
    }
    int records = (int) Math.min(RECORDS, Math.max(100, context.lines() / 10));
    List<byte[]> lines = new ArrayList<>(records);
    for (int i = 0; i < records; i++) {
      lines.add(events.nextLine().getBytes(StandardCharsets.UTF_8));
    }
    try (SegmentedLog log = SegmentedLog.open(context.logDir(), config)) {
      long t0 = System.nanoTime();
      List<CompletableFuture<Long>> acks = new ArrayList<>(records);
      for (byte[] line : lines) {
        acks.add(log.appendAsync(line));
      }
      CompletableFuture.allOf(acks.toArray(new CompletableFuture<?>[0])).join();
      long took = System.nanoTime() - t0;
      return String.format("%s appendAsync calls, each acknowledged after its covering fsync"
          + " (%s): %s; log ends at line %s", Units.count(records), Durability.GROUP,
          Units.rate(records, took), Units.count(log.endLine()));
    }
  }
}
