package dev.linebase.cli.demo;

import dev.linebase.cli.Units;
import dev.linebase.index.LineIndex;
import dev.linebase.index.RefreshResult;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;

/**
 * Demo step: appends 1,000 events to the indexed file and refreshes the open index, which scans
 * only the new bytes.
 */
final class RefreshStep implements DemoStep {
  private static final int APPENDED = 1000;

  @Override
  public String name() {
    return "refresh";
  }

  @Override
  public String run(DemoContext context) throws Exception {
    try (LineIndex index = LineIndex.open(context.eventsFile())) {
      EventGenerator more = new EventGenerator(context.seed() + 1)
          .continueAfter(index.readLine(index.totalLines() - 1));
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < APPENDED; i++) {
        sb.append(more.nextLine()).append('\n');
      }
      try (FileChannel ch =
          FileChannel.open(context.eventsFile(), StandardOpenOption.WRITE,
              StandardOpenOption.APPEND)) {
        ByteBuffer bb = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
        while (bb.hasRemaining()) {
          ch.write(bb);
        }
      }
      long t0 = System.nanoTime();
      RefreshResult result = index.refresh();
      long took = System.nanoTime() - t0;
      return String.format("appended %s lines to the file; refresh() %s them in %s -> %s lines",
          Units.count(APPENDED), result == RefreshResult.APPENDED ? "scanned only" : "re-indexed",
          Units.nanos(took), Units.count(index.totalLines()));
    }
  }
}
