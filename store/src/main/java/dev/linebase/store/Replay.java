package dev.linebase.store;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds state from a manifest: loads the snapshot (migrating older schema versions), then
 * applies the WAL. In multi-writer mode the WAL is every agent's file, merged by
 * {@link #ORDER}: Lamport clock ascending, ties by agent id ascending ({@link String#compareTo}),
 * so of two ops with the same clock the one of the lexicographically higher agent is applied last
 * and wins (last-writer-wins). opslog breaks ties with {@code localeCompare}, which agrees for
 * ASCII ids of one letter case. Stateless and thread-safe.
 */
final class Replay {
  /** Multi-writer merge order; stable, so ops of one file keep their file order. */
  static final Comparator<WalFile.Entry> ORDER =
      Comparator.comparingLong((WalFile.Entry e) -> e.op().orderClock())
          .thenComparing(e -> e.op().orderAgent());

  private Replay() {}

  /** Loads the snapshot named by {@code m} into {@code records}; returns the resulting version. */
  static int loadSnapshot(StoreBackend backend, Path dir, Manifest m, Map<String, byte[]> records,
      int schemaVersion, Migration migration) throws IOException {
    Path file = StoreFiles.resolve(dir, m.currentSnapshot());
    int stored;
    try {
      stored = SnapshotFile.read(backend, file, records::put);
    } catch (NoSuchFileException e) {
      NoSuchFileException missing = new NoSuchFileException(file.toString(), null,
          "snapshot file not found: " + m.currentSnapshot() + " is named by "
              + dir.resolve(StoreFiles.MANIFEST) + "; the data directory may be damaged");
      missing.initCause(e);
      throw missing;
    }
    if (stored < schemaVersion) {
      for (Map.Entry<String, byte[]> e : records.entrySet()) {
        e.setValue(JsonBytes.write(migration.migrate(JsonBytes.readTrusted(e.getValue()), stored)));
      }
      return schemaVersion;
    }
    return stored;
  }

  /** The WAL files a manifest names: agent files in multi-writer layout, else activeOps. */
  static List<String> walFiles(Manifest m) {
    List<String> files = new ArrayList<>();
    if (m.activeAgentOps() != null) {
      files.addAll(m.activeAgentOps().values());
    } else {
      files.add(m.activeOps());
    }
    return files;
  }

  /** Applies one op to the records (a set stores data, a delete removes). */
  static void apply(Map<String, byte[]> records, OpLine op) {
    if (op.set) {
      records.put(op.id, op.data);
    } else {
      records.remove(op.id);
    }
  }

  /** Reverses one op (for undo and batch rollback). */
  static void reverse(Map<String, byte[]> records, OpLine op) {
    if (op.prev == null) {
      records.remove(op.id);
    } else if (op.delta) {
      byte[] current = records.get(op.id);
      if (current != null) {
        records.put(op.id, Delta.apply(current, op.prev));
      }
    } else {
      records.put(op.id, op.prev);
    }
  }
}
