package dev.linebase.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checkpoints (opslog's {@code compact}), fresh stores, agent registration and the deletion of
 * superseded files.
 *
 * <p>A checkpoint, with the store's write lock held: write every pending op to the old WAL
 * (forced per policy); write a new snapshot ({@code .tmp}, force, rename, force dir); create a new
 * empty WAL file; replace the manifest (the commit point); switch the writer to the new WAL; then
 * delete superseded files. A crash before the manifest rename leaves the old manifest, snapshot
 * and WAL in force (the new files are unreferenced and deleted by a later checkpoint); after it,
 * the new ones. In multi-writer mode the checkpoint takes the compaction lock (skipping the
 * checkpoint when another agent holds it, as opslog does) and first reloads every agent's WAL so
 * the snapshot includes other agents' latest ops.
 *
 * <p>Retention: the current snapshot and WAL plus the {@code keepPrevious} newest superseded
 * snapshots and single-writer WAL files are kept, everything older in {@code snapshots/} and
 * {@code ops/} is deleted (opslog never deletes them). Agent WAL files that the manifest no
 * longer names are deleted once they are older than the oldest kept snapshot. Stateless.
 */
final class Checkpoints {
  private Checkpoints() {}

  /** Writes an empty snapshot, the first WAL and the manifest of a new store. */
  static Manifest createFresh(StoreCore core) throws IOException {
    String now = Timestamps.now();
    String snap = StoreFiles.snapshotName(StoreFiles.nextMillis());
    SnapshotFile.write(core.backend, StoreFiles.resolve(core.dir, snap), core.opt.schemaVersion,
        now, java.util.Collections.emptyIterator(), core.opt.durability);
    String opsRel = core.opt.multiWriter()
        ? StoreFiles.agentOpsName(core.opt.agentId, StoreFiles.nextMillis())
        : StoreFiles.opsName(StoreFiles.nextMillis());
    WalFile.create(core.backend, StoreFiles.resolve(core.dir, opsRel), core.opt.durability,
        core.walMode()).close();
    Map<String, String> agents = core.opt.multiWriter() ? Map.of(core.opt.agentId, opsRel) : null;
    Manifest m = new Manifest(Manifest.FORMAT_VERSION, snap, opsRel, agents, List.of(),
        new Manifest.Stats(0, 0, 0, now, now));
    m.write(core.backend, core.dir, core.opt.durability);
    return m;
  }

  /** Adds this agent's new WAL file to the manifest (under the compaction lock). */
  static String registerAgent(StoreCore core) throws IOException {
    Closeable cl = core.holdsCompactionLock ? null
        : CompactionLock.acquire(core.backend, core.dir, 10_000);
    try {
      Manifest m = Manifest.readIfExists(core.backend, core.dir);
      if (m == null) {
        throw new NoSuchFileException(core.dir.resolve(StoreFiles.MANIFEST).toString());
      }
      String own = m.activeAgentOps() == null ? null : m.activeAgentOps().get(core.opt.agentId);
      if (own == null) {
        own = StoreFiles.agentOpsName(core.opt.agentId, StoreFiles.nextMillis());
        WalFile.create(core.backend, StoreFiles.resolve(core.dir, own), core.opt.durability,
            core.walMode())
            .close();
        Map<String, String> agents = new LinkedHashMap<>();
        if (m.activeAgentOps() != null) {
          agents.putAll(m.activeAgentOps());
        }
        agents.put(core.opt.agentId, own);
        m = m.withAgentOps(agents);
        m.write(core.backend, core.dir, core.opt.durability);
      }
      core.manifest = m;
      core.manifestStamp = manifestStamp(core.backend, core.dir);
      return own;
    } finally {
      if (cl != null) {
        cl.close();
      }
    }
  }

  /** Checkpoints the store. Caller holds the write lock. */
  static void checkpoint(StoreCore core) throws IOException {
    if (core.opt.skipLoad) {
      throw new IllegalStateException(
          "cannot compact in skip-load mode: the in-memory map is incomplete");
    }
    core.committer.drain();
    if (core.opt.multiWriter()) {
      try (Closeable cl = core.backend.tryLockCompaction(core.dir)) {
        if (cl == null) {
          return; // another agent is compacting
        }
        core.holdsCompactionLock = true;
        try {
          Follower.reloadAgent(core);
          writeCheckpoint(core);
        } finally {
          core.holdsCompactionLock = false;
        }
      }
      return;
    }
    writeCheckpoint(core);
  }

  static void writeCheckpoint(StoreCore core) throws IOException {
    core.epoch++;
    Manifest old = core.manifest;
    String now = Timestamps.now();
    String snap = StoreFiles.snapshotName(StoreFiles.nextMillis());
    SnapshotFile.write(core.backend, StoreFiles.resolve(core.dir, snap), core.version, now,
        core.records.entrySet().iterator(), core.opt.durability);
    String opsRel = core.opt.multiWriter()
        ? StoreFiles.agentOpsName(core.opt.agentId, StoreFiles.nextMillis())
        : StoreFiles.opsName(StoreFiles.nextMillis());
    Path opsFile = StoreFiles.resolve(core.dir, opsRel);
    WalFile wal = WalFile.create(core.backend, opsFile, core.opt.durability, core.walMode());
    Manifest next = new Manifest(core.version, snap, opsRel,
        core.opt.multiWriter() ? Map.of(core.opt.agentId, opsRel) : null, old.archiveSegments(),
        new Manifest.Stats(core.records.size(), old.stats().archivedRecords(), 0,
            old.stats().created(), now));
    try {
      next.write(core.backend, core.dir, core.opt.durability);
    } catch (IOException | RuntimeException e) {
      wal.close();
      core.backend.deleteIfExists(opsFile);
      throw e;
    }
    core.attachWriter(wal);
    core.manifest = next;
    core.manifestStamp = manifestStamp(core.backend, core.dir);
    core.activeOps = opsRel;
    core.ops.clear();
    core.walEnd = 0;
    prune(core.backend, core.dir, next, core.opt.keepPrevious);
  }

  /** Deletes superseded snapshots and WAL files beyond {@code keepPrevious}. */
  static void prune(StoreBackend backend, Path dir, Manifest m, int keepPrevious)
      throws IOException {
    String currentSnap = m.currentSnapshot().substring(m.currentSnapshot().lastIndexOf('/') + 1);
    List<String> snaps = new ArrayList<>();
    for (String name : backend.list(dir.resolve(StoreFiles.SNAPSHOTS))) {
      if (StoreFiles.isSnapshot(name) && !name.equals(currentSnap)) {
        snaps.add(name);
      }
    }
    snaps.sort(Comparator.comparingLong(StoreFiles::millisOf).reversed());
    long oldestKept = StoreFiles.millisOf(currentSnap);
    for (int i = 0; i < snaps.size(); i++) {
      if (i < keepPrevious) {
        oldestKept = Math.min(oldestKept, StoreFiles.millisOf(snaps.get(i)));
      } else {
        backend.deleteIfExists(dir.resolve(StoreFiles.SNAPSHOTS).resolve(snaps.get(i)));
      }
    }
    Set<String> live = new HashSet<>();
    live.add(m.activeOps().substring(m.activeOps().lastIndexOf('/') + 1));
    if (m.activeAgentOps() != null) {
      for (String rel : m.activeAgentOps().values()) {
        live.add(rel.substring(rel.lastIndexOf('/') + 1));
      }
    }
    List<String> opsFiles = new ArrayList<>();
    for (String name : backend.list(dir.resolve(StoreFiles.OPS))) {
      if (live.contains(name)) {
        continue;
      }
      if (StoreFiles.isOps(name)) {
        opsFiles.add(name);
      } else if (StoreFiles.isAgentOps(name) && StoreFiles.millisOf(name) < oldestKept) {
        backend.deleteIfExists(dir.resolve(StoreFiles.OPS).resolve(name));
      }
    }
    opsFiles.sort(Comparator.comparingLong(StoreFiles::millisOf).reversed());
    for (int i = keepPrevious; i < opsFiles.size(); i++) {
      backend.deleteIfExists(dir.resolve(StoreFiles.OPS).resolve(opsFiles.get(i)));
    }
  }

  /** A change stamp of manifest.json (see {@link StoreBackend#changeStamp}); null if absent. */
  static Object manifestStamp(StoreBackend backend, Path dir) {
    return backend.changeStamp(dir.resolve(StoreFiles.MANIFEST));
  }
}
