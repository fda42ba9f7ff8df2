package dev.linebase.cli.demo;

import dev.linebase.cli.Units;
import dev.linebase.index.LineIndex;
import java.util.SplittableRandom;

/**
 * Demo step: reads the middle and the last line by number, then many random lines, and reports
 * the average time per random read.
 */
final class ReadStep implements DemoStep {
  private static final int RANDOM_READS = 50_000;

  @Override
  public String name() {
    return "read";
  }

  @Override
  public String run(DemoContext context) throws Exception {
    try (LineIndex index = LineIndex.open(context.eventsFile())) {
      long total = index.totalLines();
      long middle = total / 2;
      context.detail("line " + middle + ": " + abbreviate(index.readLine(middle)));
      context.detail("line " + (total - 1) + ": " + abbreviate(index.readLine(total - 1)));
      SplittableRandom random = new SplittableRandom(context.seed());
      int reads = (int) Math.min(RANDOM_READS, Math.max(1000, total));
      long bytes = 0;
      long t0 = System.nanoTime();
      for (int i = 0; i < reads; i++) {
        bytes += index.readLine(random.nextLong(total)).length();
      }
      long took = System.nanoTime() - t0;
      return String.format("lines %s and %s, then %s random lines (%s chars) at %s per line",
          Units.count(middle), Units.count(total - 1), Units.count(reads), Units.count(bytes),
          Units.nanos(took / reads));
    }
  }

  static String abbreviate(String line) {
    return line.length() <= 110 ? line : line.substring(0, 107) + "...";
  }
}
