package dev.linebase.timelog;

import java.util.List;

/**
 * The data side of maintenance, as pure functions over immutable runs: merging and rewriting
 * runs into segments while dropping records hidden by tombstones, deciding which tombstones a
 * run still needs, and garbage-collecting tombstones that can no longer hide anything.
 * Stateless and thread-safe.
 */
final class Compaction {
  private Compaction() {}

  /**
   * Merges chains of runs by (timestamp, sequence), removes the records {@code tombstones} hide
   * (reporting each to the drop listener) and cuts the output into runs: at {@code maxRecords},
   * at L1 windows when {@code windows} is set, and before the first timestamp of each segment in
   * {@code keep} (sorted by time) so outputs never overlap the segments that stay.
   */
  static List<Run> rewrite(List<Run[]> chains, TombstoneSet tombstones, long filteredBelow,
      TimelogConfig windows, int maxRecords, List<Segment> keep, DropListener<Object> onDrop) {
    RunCursor[] cursors = new RunCursor[chains.size()];
    for (int i = 0; i < cursors.length; i++) {
      cursors[i] = new RunCursor(chains.get(i), Long.MIN_VALUE, Long.MAX_VALUE);
    }
    MergeCursor<Object> merge = new MergeCursor<>(cursors, TombstoneSet.EMPTY, Long.MIN_VALUE);
    long total = 0;
    for (Run[] chain : chains) {
      for (Run r : chain) {
        total += r.size;
      }
    }
    SegmentWriter out = new SegmentWriter(maxRecords, windows, filteredBelow, total);
    boolean filter = !tombstones.isEmpty();
    int k = 0;
    while (merge.next()) {
      long t = merge.timestamp();
      long s = merge.seq();
      Object value = merge.rawValue();
      if (filter && tombstones.hides(t, s)) {
        onDrop.dropped(t, value);
        continue;
      }
      while (k < keep.size() && keep.get(k).minTs() <= t) {
        out.cut();
        k++;
      }
      out.add(t, s, value);
    }
    return out.finish();
  }

  /** True when a tombstone not yet applied to {@code r} may hide some of its records. */
  static boolean hasPendingTombstones(Run r, TombstoneSet t) {
    if (r.size == 0) {
      return false;
    }
    for (int p = t.firstEndingAtOrAfter(r.minTs()); p < t.size() && t.lo(p) <= r.maxTs(); p++) {
      long thr = t.threshold(p);
      if (thr >= r.filteredBelow && thr > r.minSeq) {
        return true;
      }
    }
    return false;
  }

  /** The version without tombstone pieces that can no longer hide any record it holds. */
  static Version gc(Version v) {
    TombstoneSet t = v.tombstones();
    if (t.isEmpty()) {
      return v;
    }
    long memMinSeq = v.memtable().minSeq();
    TombstoneSet kept = t.retain((lo, hi, thr) -> {
      if (memMinSeq < thr) {
        return true;
      }
      for (SealedRun s : v.sealed()) {
        if (mayHide(s.run(), lo, hi, thr)) {
          return true;
        }
      }
      for (Segment s : v.l0()) {
        if (mayHide(s.run(), lo, hi, thr)) {
          return true;
        }
      }
      for (Segment s : v.l1()) {
        if (mayHide(s.run(), lo, hi, thr)) {
          return true;
        }
      }
      return false;
    });
    return kept == t ? v : v.withTombstones(kept);
  }

  private static boolean mayHide(Run r, long lo, long hi, long thr) {
    return r.overlaps(lo, hi) && r.minSeq < thr && thr >= r.filteredBelow;
  }
}
