package dev.linebase.timelog;

/**
 * The structural invariants of a {@link Version}, checked by {@link Timelog#validate()}: sort
 * order and sequence bounds of every run and segment, levels, L1 non-overlap and windows,
 * tombstone coalescing. Stateless and thread-safe.
 */
final class Invariants {
  private Invariants() {}

  /** Checks every structural invariant of {@code v}; throws naming the first broken one. */
  static void check(Version v, TimelogConfig config) {
    String p = v.tombstones().problem();
    if (p != null) {
      throw new IllegalStateException(p);
    }
    Memtable m = v.memtable();
    checkRun("memtable in-order prefix", m.inOrderView(m.inOrderCount()));
    checkRun("memtable out-of-order buffer", m.outOfOrderView(m.outOfOrderCount()));
    for (int i = 0; i < v.sealed().size(); i++) {
      checkRun("sealed run " + i, v.sealed().get(i).run());
    }
    for (Segment s : v.l0()) {
      checkRun("L0 segment " + s.id(), s.run());
      if (s.level() != 0) {
        throw new IllegalStateException("segment " + s.id() + " in L0 has level " + s.level());
      }
    }
    Segment prev = null;
    for (Segment s : v.l1()) {
      checkRun("L1 segment " + s.id(), s.run());
      if (s.level() != 1) {
        throw new IllegalStateException("segment " + s.id() + " in L1 has level " + s.level());
      }
      if (s.size() == 0) {
        throw new IllegalStateException("L1 segment " + s.id() + " is empty");
      }
      if (config.windowOf(s.minTs()) != config.windowOf(s.maxTs())) {
        throw new IllegalStateException("L1 segment " + s.id() + " crosses a window boundary: ["
            + s.minTs() + ", " + s.maxTs() + "]");
      }
      if (prev != null && prev.maxTs() >= s.minTs()) {
        throw new IllegalStateException("L1 segments " + prev.id() + " and " + s.id()
            + " overlap: " + prev.maxTs() + " >= " + s.minTs());
      }
      prev = s;
    }
  }

  private static void checkRun(String name, Run r) {
    for (int i = 0; i < r.size; i++) {
      if (r.seq[i] < r.minSeq || r.seq[i] > r.maxSeq) {
        throw new IllegalStateException(name + ": seq " + r.seq[i] + " at " + i
            + " outside [" + r.minSeq + ", " + r.maxSeq + "]");
      }
      if (i > 0 && !Runs.before(r.ts[i - 1], r.seq[i - 1], r.ts[i], r.seq[i])) {
        throw new IllegalStateException(name + ": records " + (i - 1) + " and " + i
            + " out of (timestamp, seq) order: (" + r.ts[i - 1] + ", " + r.seq[i - 1] + ") then ("
            + r.ts[i] + ", " + r.seq[i] + ")");
      }
    }
  }
}
