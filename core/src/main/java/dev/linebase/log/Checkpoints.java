package dev.linebase.log;

import java.util.Arrays;

/**
 * The in-memory sparse line index of one segment: the byte offset of every {@link #INTERVAL}-th
 * line (lines 0, 128, 256, ... of the segment). Used for the active segment, which the writer
 * extends after each write, so a read of line {@code n} starts at the checkpoint of line
 * {@code n - n % INTERVAL} and skips at most {@code INTERVAL - 1} lines.
 *
 * <p>One writer thread calls {@link #record}; any number of threads read concurrently. A reader
 * may only ask for lines that were recorded before a happens-before edge it observed (the log
 * publishes its visible end through a volatile write after recording).
 */
final class Checkpoints {
  /** Lines between checkpoints: 128 lines of 100 bytes are one 12.5 KiB read. */
  static final int INTERVAL = 128;

  private volatile long[] offsets = new long[64];
  private volatile int count;

  /** Records that the segment's line {@code lineInSegment} starts at {@code offset}. */
  void record(long lineInSegment, long offset) {
    if (lineInSegment % INTERVAL != 0) {
      return;
    }
    int k = (int) (lineInSegment / INTERVAL);
    int n = count;
    if (k != n) {
      return; // already recorded (or out of order, which the writer never does)
    }
    long[] a = offsets;
    if (n == a.length) {
      a = Arrays.copyOf(a, n * 2);
      a[n] = offset;
      offsets = a;
    } else {
      a[n] = offset;
    }
    count = n + 1;
  }

  /** The number of checkpoints. */
  int count() {
    return count;
  }

  /** Segment line number of the checkpoint at or before {@code lineInSegment}. */
  long floorLine(long lineInSegment) {
    int n = count;
    if (n == 0) {
      return 0;
    }
    return Math.min(lineInSegment / INTERVAL, n - 1) * INTERVAL;
  }

  /** Byte offset of the checkpoint at or before {@code lineInSegment} (0 when none). */
  long floorOffset(long lineInSegment) {
    int n = count;
    if (n == 0) {
      return 0;
    }
    long[] a = offsets;
    return a[(int) Math.min(lineInSegment / INTERVAL, n - 1)];
  }
}
