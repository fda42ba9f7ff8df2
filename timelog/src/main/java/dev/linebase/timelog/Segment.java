package dev.linebase.timelog;

/**
 * An immutable segment: a sorted {@link Run} at level 0 (flushed from one sealed run; may
 * overlap other L0 segments) or level 1 (produced by compaction; L1 segments never overlap each
 * other and never cross a window boundary). {@code id} names its file in a durable timelog.
 * Thread-safe (immutable).
 */
record Segment(long id, int level, Run run) {
  long minTs() {
    return run.minTs();
  }

  long maxTs() {
    return run.maxTs();
  }

  int size() {
    return run.size;
  }
}
