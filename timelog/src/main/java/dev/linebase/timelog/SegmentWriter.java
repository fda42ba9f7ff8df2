package dev.linebase.timelog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Collects merged records (in (timestamp, sequence) order) into output runs, cutting a new run
 * when the current one reaches {@code maxRecords}, when the timestamp enters another L1 window,
 * or when {@link #cut()} is called; a cut never separates records of equal timestamp, so
 * outputs never share a timestamp. Not thread-safe.
 */
final class SegmentWriter {
  private final int maxRecords;
  private final TimelogConfig windows;
  private final long filteredBelow;
  private final List<Run> out = new ArrayList<>();
  private long[] ts;
  private long[] seq;
  private Object[] values;
  private int n;
  private long windowLastTs;
  private long remainingHint;

  /**
   * {@code windows} null: never cut at window boundaries (L0 output). {@code expectedRecords}
   * sizes the arrays (the number of input records).
   */
  SegmentWriter(int maxRecords, TimelogConfig windows, long filteredBelow, long expectedRecords) {
    this.maxRecords = maxRecords;
    this.windows = windows;
    this.filteredBelow = filteredBelow;
    this.remainingHint = expectedRecords;
  }

  boolean isEmpty() {
    return n == 0;
  }

  void add(long t, long s, Object v) {
    if (n > 0 && t != ts[n - 1] && (n >= maxRecords || t > windowLastTs)) {
      cut();
    }
    if (n == 0) {
      int cap = (int) Math.max(16, Math.min(maxRecords, remainingHint));
      ts = new long[cap];
      seq = new long[cap];
      values = new Object[cap];
      windowLastTs = windows == null ? Long.MAX_VALUE : windows.windowLastTs(t);
    } else if (n == ts.length) {
      int cap = ts.length * 2;
      ts = Arrays.copyOf(ts, cap);
      seq = Arrays.copyOf(seq, cap);
      values = Arrays.copyOf(values, cap);
    }
    ts[n] = t;
    seq[n] = s;
    values[n++] = v;
  }

  /** Ends the current output run, if any. */
  void cut() {
    if (n == 0) {
      return;
    }
    long[] t = ts.length == n ? ts : Arrays.copyOf(ts, n);
    long[] s = seq.length == n ? seq : Arrays.copyOf(seq, n);
    Object[] v = values.length == n ? values : Arrays.copyOf(values, n);
    out.add(Run.of(t, s, v, n, filteredBelow));
    remainingHint -= n;
    n = 0;
    ts = null;
    seq = null;
    values = null;
  }

  List<Run> finish() {
    cut();
    return out;
  }
}
