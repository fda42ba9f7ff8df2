package dev.linebase.timelog;

import java.util.Arrays;

/**
 * An immutable set of sequenced range tombstones, kept coalesced as a piecewise-constant
 * function from timestamp to a hiding threshold: a record {@code (t, seq)} is hidden when a piece
 * {@code [lo, hi]} (inclusive, so {@link Long#MAX_VALUE} can be covered) contains {@code t} and
 * {@code seq < threshold}.
 *
 * <p>Why coalescing keeps visibility exact: a delete issued when the writer's next sequence
 * number is {@code s} hides exactly the records with {@code seq < s} in its range. Where two
 * deletes overlap, a record is hidden if either hides it, i.e. if {@code seq < max(s1, s2)}, so
 * the overlap takes the larger threshold. Worked example: insert 10 (seq 0), delete [5, 15)
 * (threshold 1), insert 10 (seq 1): the second record has {@code seq >= 1} and stays visible.
 * Deletes [10, 30) then [20, 50) with no write in between share a threshold and coalesce into one
 * piece [10, 50); with a write in between they stay two pieces [10, 20) and [20, 50) with
 * different thresholds, because a record written between them at 15 is visible and at 25 is not.
 *
 * <p>Invariants: pieces are sorted, disjoint, non-empty; adjacent pieces with equal thresholds are
 * merged. Thread-safe (immutable).
 */
final class TombstoneSet {
  static final TombstoneSet EMPTY = new TombstoneSet(new long[0], new long[0], new long[0]);

  private final long[] lo;
  private final long[] hi;
  private final long[] threshold;

  private TombstoneSet(long[] lo, long[] hi, long[] threshold) {
    this.lo = lo;
    this.hi = hi;
    this.threshold = threshold;
  }

  int size() {
    return lo.length;
  }

  boolean isEmpty() {
    return lo.length == 0;
  }

  long lo(int i) {
    return lo[i];
  }

  long hi(int i) {
    return hi[i];
  }

  long threshold(int i) {
    return threshold[i];
  }

  /** The set with {@code [from, to]} (inclusive) hiding records below {@code seqThreshold}. */
  TombstoneSet add(long from, long to, long seqThreshold) {
    if (from > to) {
      throw new IllegalArgumentException("from > to: " + from + " > " + to);
    }
    int n = lo.length;
    long[] nl = new long[n * 2 + 3];
    long[] nh = new long[n * 2 + 3];
    long[] ns = new long[n * 2 + 3];
    int k = 0;
    int i = 0;
    while (i < n && hi[i] < from) {
      nl[k] = lo[i];
      nh[k] = hi[i];
      ns[k++] = threshold[i++];
    }
    long cursor = from; // first timestamp of [from, to] not yet emitted
    boolean done = false;
    while (i < n && lo[i] <= to) {
      if (lo[i] < from) {
        nl[k] = lo[i];
        nh[k] = from - 1;
        ns[k++] = threshold[i];
      }
      long overlapLo = Math.max(lo[i], from);
      if (overlapLo > cursor) {
        nl[k] = cursor;
        nh[k] = overlapLo - 1;
        ns[k++] = seqThreshold;
      }
      long overlapHi = Math.min(hi[i], to);
      nl[k] = overlapLo;
      nh[k] = overlapHi;
      ns[k++] = Math.max(threshold[i], seqThreshold);
      if (hi[i] > to) {
        nl[k] = to + 1;
        nh[k] = hi[i];
        ns[k++] = threshold[i];
      }
      if (overlapHi == to) {
        done = true;
      } else {
        cursor = overlapHi + 1;
      }
      i++;
    }
    if (!done) {
      nl[k] = cursor;
      nh[k] = to;
      ns[k++] = seqThreshold;
    }
    while (i < n) {
      nl[k] = lo[i];
      nh[k] = hi[i];
      ns[k++] = threshold[i++];
    }
    return normalized(nl, nh, ns, k);
  }

  /**
   * The set with every piece of threshold {@code from} raised to {@code to}. The writer does this
   * when no record was written between two deletes: no record has a sequence number in
   * {@code [from, to)}, so the visibility of every record is unchanged, and the pieces of both
   * deletes can coalesce.
   */
  TombstoneSet relabel(long from, long to) {
    int n = lo.length;
    long[] ns = threshold.clone();
    boolean changed = false;
    for (int i = 0; i < n; i++) {
      if (ns[i] == from) {
        ns[i] = to;
        changed = true;
      }
    }
    return changed ? normalized(lo.clone(), hi.clone(), ns, n) : this;
  }

  /** The set without the pieces {@code keep} rejects. */
  TombstoneSet retain(PiecePredicate keep) {
    int n = lo.length;
    long[] nl = new long[n];
    long[] nh = new long[n];
    long[] ns = new long[n];
    int k = 0;
    for (int i = 0; i < n; i++) {
      if (keep.test(lo[i], hi[i], threshold[i])) {
        nl[k] = lo[i];
        nh[k] = hi[i];
        ns[k++] = threshold[i];
      }
    }
    return k == n ? this : normalized(nl, nh, ns, k);
  }

  /** Decides whether a piece stays. */
  @FunctionalInterface
  interface PiecePredicate {
    boolean test(long lo, long hi, long threshold);
  }

  private static TombstoneSet normalized(long[] nl, long[] nh, long[] ns, int k) {
    int m = 0;
    for (int j = 0; j < k; j++) {
      if (m > 0 && ns[m - 1] == ns[j] && nh[m - 1] != Long.MAX_VALUE && nh[m - 1] + 1 == nl[j]) {
        nh[m - 1] = nh[j];
      } else {
        nl[m] = nl[j];
        nh[m] = nh[j];
        ns[m++] = ns[j];
      }
    }
    return new TombstoneSet(
        Arrays.copyOf(nl, m), Arrays.copyOf(nh, m), Arrays.copyOf(ns, m));
  }

  /** Index of the piece containing {@code t}, or -1. */
  int find(long t) {
    int a = 0;
    int b = lo.length - 1;
    while (a <= b) {
      int mid = (a + b) >>> 1;
      if (hi[mid] < t) {
        a = mid + 1;
      } else if (lo[mid] > t) {
        b = mid - 1;
      } else {
        return mid;
      }
    }
    return -1;
  }

  /** Index of the first piece whose end is {@code >= t} ({@code size()} if none). */
  int firstEndingAtOrAfter(long t) {
    int a = 0;
    int b = lo.length;
    while (a < b) {
      int mid = (a + b) >>> 1;
      if (hi[mid] < t) {
        a = mid + 1;
      } else {
        b = mid;
      }
    }
    return a;
  }

  /** True when the record is hidden. */
  boolean hides(long t, long s) {
    int i = find(t);
    return i >= 0 && s < threshold[i];
  }

  /** Checks the invariants; returns a problem or null. */
  String problem() {
    for (int i = 0; i < lo.length; i++) {
      if (lo[i] > hi[i]) {
        return "tombstone piece " + i + " is empty: [" + lo[i] + ", " + hi[i] + "]";
      }
      if (i > 0 && hi[i - 1] >= lo[i]) {
        return "tombstone pieces " + (i - 1) + " and " + i + " overlap";
      }
      if (i > 0 && hi[i - 1] + 1 == lo[i] && threshold[i - 1] == threshold[i]) {
        return "tombstone pieces " + (i - 1) + " and " + i + " are not coalesced";
      }
    }
    return null;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < lo.length; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append('[').append(lo[i]).append(", ").append(hi[i]).append("]@").append(threshold[i]);
    }
    return sb.append(']').toString();
  }
}
