package dev.linebase.cli.demo;

import dev.linebase.cli.Units;
import dev.linebase.log.LogReader;
import dev.linebase.log.SegmentedLog;

/** Demo step: reopens the log read-only and reads it from the middle line to the end. */
final class LogReadStep implements DemoStep {
  @Override
  public String name() {
    return "log read";
  }

  @Override
  public String run(DemoContext context) throws Exception {
    try (SegmentedLog log = SegmentedLog.openReadOnly(context.logDir())) {
      long from = log.endLine() / 2;
      long read = 0;
      long t0 = System.nanoTime();
      try (LogReader reader = log.reader(from)) {
        while (reader.next()) {
          if (read == 0) {
            context.detail("line " + reader.lineNumber() + ": "
                + ReadStep.abbreviate(reader.text()));
          }
          read++;
        }
      }
      long took = System.nanoTime() - t0;
      return String.format("from line %s to the end: %s lines at %s", Units.count(from),
          Units.count(read), Units.rate(read, took));
    }
  }
}
