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

  /** Merges two sorted runs by (timestamp, sequence number). */
  static Run merge2(Run a, Run b) {
    int n = a.size + b.size;
    long[] t = new long[n];
    long[] s = new long[n];
    Object[] v = new Object[n];
    int i = 0;
    int j = 0;
    int k = 0;
    while (i < a.size && j < b.size) {
      if (before(b.ts[j], b.seq[j], a.ts[i], a.seq[i])) {
        t[k] = b.ts[j];
        s[k] = b.seq[j];
        v[k++] = b.values[j++];
      } else {
        t[k] = a.ts[i];
        s[k] = a.seq[i];
        v[k++] = a.values[i++];
      }
    }
    int ra = a.size - i;
    System.arraycopy(a.ts, i, t, k, ra);
    System.arraycopy(a.seq, i, s, k, ra);
    System.arraycopy(a.values, i, v, k, ra);
    k += ra;
    int rb = b.size - j;
    System.arraycopy(b.ts, j, t, k, rb);
    System.arraycopy(b.seq, j, s, k, rb);
    System.arraycopy(b.values, j, v, k, rb);
    return new Run(t, s, v, n, Math.min(a.minSeq, b.minSeq), Math.max(a.maxSeq, b.maxSeq),
        Math.min(a.filteredBelow, b.filteredBelow));
  }
}
