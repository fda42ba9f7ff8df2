package dev.linebase.timelog;

import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.OptionalLong;

/**
 * A frozen, consistent view of the timelog for reads, and the read planner: which sources a
 * query over the inclusive timestamp range {@code [lo, hi]} must merge, counting and navigation
 * without materializing records.
 *
 * <p>Sources are the memtable's published in-order prefix and its sorted out-of-order prefix,
 * the sealed runs and the L0 segments (each may overlap any other) and the L1 segments (one
 * chain: they do not overlap). A view never changes. Thread-safe (immutable).
 */
final class ReadView {
  private final Run[] runs;
  private final Run[] l1;
  private final TombstoneSet tombstones;

  ReadView(Run[] runs, Run[] l1, TombstoneSet tombstones) {
    this.runs = runs;
    this.l1 = l1;
    this.tombstones = tombstones;
  }

  /** Freezes a version: the memtable prefix published now, and the version's other parts. */
  static ReadView of(Version v) {
    List<Run> list = new ArrayList<>(v.sealed().size() + v.l0().size() + 2);
    Memtable m = v.memtable();
    int inOrder = m.inOrderCount();
    int outOfOrder = m.outOfOrderCount();
    if (inOrder > 0) {
      list.add(m.inOrderView(inOrder));
    }
    if (outOfOrder > 0) {
      list.add(m.outOfOrderView(outOfOrder));
    }
    for (SealedRun s : v.sealed()) {
      list.add(s.run());
    }
    for (Segment s : v.l0()) {
      list.add(s.run());
    }
    Run[] chain = new Run[v.l1().size()];
    for (int i = 0; i < chain.length; i++) {
      chain[i] = v.l1().get(i).run();
    }
    return new ReadView(list.toArray(new Run[0]), chain, v.tombstones());
  }

  TombstoneSet tombstones() {
    return tombstones;
  }

  /** Index of the first L1 run whose last timestamp is {@code >= lo}. */
  private int firstL1(long lo) {
    int a = 0;
    int b = l1.length;
    while (a < b) {
      int mid = (a + b) >>> 1;
      if (l1[mid].maxTs() < lo) {
        a = mid + 1;
      } else {
        b = mid;
      }
    }
    return a;
  }

  /** The sources overlapping {@code [lo, hi]}, each positioned at {@code lo}. */
  RunCursor[] plan(long lo, long hi) {
    List<RunCursor> cursors = new ArrayList<>(runs.length + 1);
    for (Run r : runs) {
      if (r.overlaps(lo, hi)) {
        cursors.add(new RunCursor(new Run[] {r}, lo, hi));
      }
    }
    int first = firstL1(lo);
    int last = first;
    while (last < l1.length && l1[last].minTs() <= hi) {
      last++;
    }
    if (last > first) {
      Run[] chain = new Run[last - first];
      System.arraycopy(l1, first, chain, 0, chain.length);
      cursors.add(new RunCursor(chain, lo, hi));
    }
    return cursors.toArray(new RunCursor[0]);
  }

  <V> MergeCursor<V> cursor(long lo, long hi) {
    if (lo > hi) {
      return new MergeCursor<>(new RunCursor[0], tombstones, lo);
    }
    return new MergeCursor<>(plan(lo, hi), tombstones, lo);
  }

  /** Zero-copy spans of the visible timestamps in {@code [lo, hi]}, in order. */
  Iterator<LongBuffer> spans(long lo, long hi) {
    MergeCursor<Object> c = cursor(lo, hi);
    return new Iterator<>() {
      private LongBuffer next = c.nextSpan();

      @Override
      public boolean hasNext() {
        return next != null;
      }

      @Override
      public LongBuffer next() {
        if (next == null) {
          throw new NoSuchElementException();
        }
        LongBuffer b = next;
        next = c.nextSpan();
        return b;
      }
    };
  }

  /** Visible records in {@code [lo, hi]}, by binary search and a scan of tombstoned parts only. */
  long count(long lo, long hi) {
    if (lo > hi) {
      return 0;
    }
    long n = 0;
    for (Run r : runs) {
      n += count(r, lo, hi);
    }
    for (int i = firstL1(lo); i < l1.length && l1[i].minTs() <= hi; i++) {
      n += count(l1[i], lo, hi);
    }
    return n;
  }

  private long count(Run r, long lo, long hi) {
    if (!r.overlaps(lo, hi)) {
      return 0;
    }
    int a = r.lowerBound(lo);
    int b = r.upperBound(hi);
    long n = b - a;
    for (int p = tombstones.firstEndingAtOrAfter(lo);
        p < tombstones.size() && tombstones.lo(p) <= hi;
        p++) {
      long thr = tombstones.threshold(p);
      if (thr < r.filteredBelow || thr <= r.minSeq) {
        continue; // already applied, or every record is newer than the delete
      }
      int pa = Math.max(a, r.lowerBound(tombstones.lo(p)));
      int pb = Math.min(b, r.upperBound(tombstones.hi(p)));
      for (int j = pa; j < pb; j++) {
        if (r.seq[j] < thr) {
          n--;
        }
      }
    }
    return n;
  }

  /** Smallest visible timestamp in {@code [lo, hi]}. */
  OptionalLong first(long lo, long hi) {
    if (lo > hi) {
      return OptionalLong.empty();
    }
    boolean found = false;
    long best = 0;
    for (Run r : runs) {
      if (!r.overlaps(lo, hi)) {
        continue;
      }
      int i = firstVisible(r, lo, hi);
      if (i >= 0 && (!found || r.ts[i] < best)) {
        best = r.ts[i];
        found = true;
      }
    }
    for (int s = firstL1(lo); s < l1.length && l1[s].minTs() <= hi; s++) {
      Run r = l1[s];
      if (found && r.minTs() >= best) {
        break;
      }
      int i = firstVisible(r, lo, hi);
      if (i >= 0) {
        if (!found || r.ts[i] < best) {
          best = r.ts[i];
          found = true;
        }
        break;
      }
    }
    return found ? OptionalLong.of(best) : OptionalLong.empty();
  }

  /** Largest visible timestamp in {@code [lo, hi]}. */
  OptionalLong last(long lo, long hi) {
    if (lo > hi) {
      return OptionalLong.empty();
    }
    boolean found = false;
    long best = 0;
    for (Run r : runs) {
      if (!r.overlaps(lo, hi)) {
        continue;
      }
      int i = lastVisible(r, lo, hi);
      if (i >= 0 && (!found || r.ts[i] > best)) {
        best = r.ts[i];
        found = true;
      }
    }
    int firstIdx = firstL1(lo);
    int s = firstIdx;
    while (s < l1.length && l1[s].minTs() <= hi) {
      s++;
    }
    for (s = s - 1; s >= firstIdx; s--) {
      Run r = l1[s];
      if (found && r.maxTs() <= best) {
        break;
      }
      int i = lastVisible(r, lo, hi);
      if (i >= 0) {
        if (!found || r.ts[i] > best) {
          best = r.ts[i];
          found = true;
        }
        break;
      }
    }
    return found ? OptionalLong.of(best) : OptionalLong.empty();
  }

  /** Index of the first record of {@code r} in {@code [lo, hi]} no tombstone hides, or -1. */
  private int firstVisible(Run r, long lo, long hi) {
    int end = r.upperBound(hi);
    for (int i = r.lowerBound(lo); i < end; i++) {
      if (!tombstones.hides(r.ts[i], r.seq[i])) {
        return i;
      }
    }
    return -1;
  }

  /** Index of the last record of {@code r} in {@code [lo, hi]} no tombstone hides, or -1. */
  private int lastVisible(Run r, long lo, long hi) {
    int start = r.lowerBound(lo);
    for (int i = r.upperBound(hi) - 1; i >= start; i--) {
      if (!tombstones.hides(r.ts[i], r.seq[i])) {
        return i;
      }
    }
    return -1;
  }
}
