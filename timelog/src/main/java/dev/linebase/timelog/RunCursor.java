package dev.linebase.timelog;

/**
 * A position in a chain of runs sorted by time and not overlapping each other (one run, or the
 * L1 segments), limited to the timestamps {@code [lo, hi]}. The current run's arrays and bounds
 * are fields so the merge loop reads them directly. Not thread-safe; the runs are immutable.
 */
final class RunCursor {
  private final Run[] chain;
  private final long lo;
  private final long hi;
  private int runIndex;
  long[] ts;
  long[] seq;
  Object[] values;
  int pos;
  int end;

  RunCursor(Run[] chain, long lo, long hi) {
    this.chain = chain;
    this.lo = lo;
    this.hi = hi;
    this.runIndex = -1;
    nextRun();
  }

  /** Moves to the next run with records in range; false (and {@code pos == end}) when none. */
  boolean nextRun() {
    while (++runIndex < chain.length) {
      Run r = chain[runIndex];
      if (r.size == 0) {
        continue;
      }
      if (r.minTs() > hi) {
        break;
      }
      int a = r.lowerBound(lo);
      int b = r.upperBound(hi);
      if (a < b) {
        ts = r.ts;
        seq = r.seq;
        values = r.values;
        pos = a;
        end = b;
        return true;
      }
    }
    runIndex = chain.length;
    pos = 0;
    end = 0;
    return false;
  }

  /** True when a record is available (moving to the next run if the current one is done). */
  boolean ready() {
    return pos < end || (runIndex < chain.length && nextRun());
  }

  /** Filtering level of the current run, for skipping tombstones already applied to it. */
  long filteredBelow() {
    return runIndex < chain.length ? chain[runIndex].filteredBelow : Long.MIN_VALUE;
  }
}
