package dev.linebase.timelog;

/** Static helpers over {@link Run}s: copying and two-way merging. Stateless. */
final class Runs {
  private Runs() {}

  static final Run EMPTY =
      new Run(new long[0], new long[0], new Object[0], 0, Long.MAX_VALUE, Long.MIN_VALUE,
          Long.MIN_VALUE);

  /** A run whose arrays are exactly as long as its records. */
  static Run copyOf(Run r) {
    long[] t = java.util.Arrays.copyOf(r.ts, r.size);
    long[] s = java.util.Arrays.copyOf(r.seq, r.size);
    Object[] v = java.util.Arrays.copyOf(r.values, r.size);
    return new Run(t, s, v, r.size, r.minSeq, r.maxSeq, r.filteredBelow);
  }

  /** True when record i of a sorts before record j of b by (timestamp, sequence). */
  static boolean before(long tsA, long seqA, long tsB, long seqB) {
    return tsA < tsB || (tsA == tsB && seqA < seqB);
  }

  /**
   * Merges two sorted runs by (timestamp, sequence number). Each record of the smaller run is
   * placed by a binary search in the larger one, and the stretches of the larger run between
   * them are copied in bulk: sealing a memtable merges a long in-order run with a short
   * out-of-order one, so this costs O(small * log(large)) comparisons plus array copies.
   */
  static Run merge2(Run a, Run b) {
    Run big = a.size >= b.size ? a : b;
    Run small = big == a ? b : a;
    int n = a.size + b.size;
    long[] t = new long[n];
    long[] s = new long[n];
    Object[] v = new Object[n];
    int i = 0; // next record of big
    int k = 0; // next output slot
    for (int j = 0; j < small.size; j++) {
      long ts = small.ts[j];
      long sq = small.seq[j];
      int stop = firstAfter(big, i, ts, sq);
      int len = stop - i;
      System.arraycopy(big.ts, i, t, k, len);
      System.arraycopy(big.seq, i, s, k, len);
      System.arraycopy(big.values, i, v, k, len);
      k += len;
      i = stop;
      t[k] = ts;
      s[k] = sq;
      v[k++] = small.values[j];
    }
    int rest = big.size - i;
    System.arraycopy(big.ts, i, t, k, rest);
    System.arraycopy(big.seq, i, s, k, rest);
    System.arraycopy(big.values, i, v, k, rest);
    return new Run(t, s, v, n, Math.min(a.minSeq, b.minSeq), Math.max(a.maxSeq, b.maxSeq),
        Math.min(a.filteredBelow, b.filteredBelow));
  }

  /** First index in {@code [from, r.size)} whose record sorts after (ts, seq). */
  private static int firstAfter(Run r, int from, long ts, long seq) {
    int lo = from;
    int hi = r.size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (before(ts, seq, r.ts[mid], r.seq[mid])) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }
}
