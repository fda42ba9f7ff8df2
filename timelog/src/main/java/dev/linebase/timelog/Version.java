package dev.linebase.timelog;

import java.util.List;

/**
 * One immutable state of the engine's structure: the live memtable, sealed runs waiting for a
 * flush (oldest first), L0 segments (oldest first), L1 segments (by time, non-overlapping) and
 * the tombstones. Every structural change (seal, delete, flush, compaction) publishes a new
 * version; appends only publish more of the memtable. Thread-safe (immutable; the memtable is
 * read only through its published prefix).
 */
record Version(
    Memtable memtable,
    List<SealedRun> sealed,
    List<Segment> l0,
    List<Segment> l1,
    TombstoneSet tombstones) {

  Version {
    sealed = List.copyOf(sealed);
    l0 = List.copyOf(l0);
    l1 = List.copyOf(l1);
  }

  Version withMemtable(Memtable m, List<SealedRun> newSealed) {
    return new Version(m, newSealed, l0, l1, tombstones);
  }

  Version withTombstones(TombstoneSet t) {
    return new Version(memtable, sealed, l0, l1, t);
  }
}
