package dev.linebase.timelog;

/**
 * An immutable block of records sorted by (timestamp, sequence number): the unit that sealed
 * runs, segments and frozen memtable views are made of. Timestamps and sequence numbers live in
 * primitive arrays; records are {@code [0, size)} of the arrays, which may be longer and are
 * never written below {@code size} again.
 *
 * <p>Thread-safe (immutable once published). Invariants: {@code ts} is non-decreasing; among
 * equal timestamps {@code seq} is increasing; {@code filteredBelow} is the writer's next
 * sequence number at the time every tombstone then known was applied to this block (records it
 * hid were removed), or {@link Long#MIN_VALUE} if no tombstone was ever applied.
 */
final class Run {
  final long[] ts;
  final long[] seq;
  final Object[] values;
  final int size;
  final long minSeq;
  final long maxSeq;
  final long filteredBelow;

  Run(long[] ts, long[] seq, Object[] values, int size, long minSeq, long maxSeq,
      long filteredBelow) {
    this.ts = ts;
    this.seq = seq;
    this.values = values;
    this.size = size;
    this.minSeq = minSeq;
    this.maxSeq = maxSeq;
    this.filteredBelow = filteredBelow;
  }

  /** A run over sorted arrays, computing the sequence range by a scan. */
  static Run of(long[] ts, long[] seq, Object[] values, int size, long filteredBelow) {
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (int i = 0; i < size; i++) {
      long s = seq[i];
      if (s < min) {
        min = s;
      }
      if (s > max) {
        max = s;
      }
    }
    return new Run(ts, seq, values, size, min, max, filteredBelow);
  }

  boolean isEmpty() {
    return size == 0;
  }

  long minTs() {
    return ts[0];
  }

  long maxTs() {
    return ts[size - 1];
  }

  boolean overlaps(long lo, long hi) {
    return size > 0 && ts[0] <= hi && ts[size - 1] >= lo;
  }

  /** First index whose timestamp is {@code >= t}, or {@code size}. */
  int lowerBound(long t) {
    return lowerBound(ts, 0, size, t);
  }

  /** First index whose timestamp is {@code > t}, or {@code size}. */
  int upperBound(long t) {
    return upperBound(ts, 0, size, t);
  }

  /** First index in {@code [from, to)} of sorted {@code ts} whose value is {@code >= t}, or to. */
  static int lowerBound(long[] ts, int from, int to, long t) {
    int lo = from;
    int hi = to;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (ts[mid] < t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** First index in {@code [from, to)} of sorted {@code ts} whose value is {@code > t}, or to. */
  static int upperBound(long[] ts, int from, int to, long t) {
    int lo = from;
    int hi = to;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (ts[mid] <= t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
