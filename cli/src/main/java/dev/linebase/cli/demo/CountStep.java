package dev.linebase.cli.demo;

import dev.linebase.cli.Units;
import dev.linebase.index.LineIndex;

/** Demo step: reopens the file, which loads the fresh sidecar instead of scanning, and counts. */
final class CountStep implements DemoStep {
  @Override
  public String name() {
    return "count";
  }

  @Override
  public String run(DemoContext context) throws Exception {
    long t0 = System.nanoTime();
    try (LineIndex index = LineIndex.open(context.eventsFile())) {
      long took = System.nanoTime() - t0;
      return String.format("%s lines (reopened in %s, sidecar %s)", Units.count(index.totalLines()),
          Units.nanos(took), index.openedFresh() ? "fresh: no byte scanned" : "stale: re-indexed");
    }
  }
}
