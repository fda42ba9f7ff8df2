package dev.linebase.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Automatic checkpoints of a single-writer store, written off the write path. opslog writes the
 * whole snapshot inside the call that crosses the threshold, so at 100 ops per checkpoint every
 * 100th write pays for the whole store. Linebase instead, under the write lock, copies the map of
 * id to document bytes (pointers only: documents are immutable byte arrays) and notes the cut:
 * the number of ops and the WAL length at that moment. Writes continue to the old WAL while a
 * daemon thread writes the snapshot of the copy. Then, under the write lock again: pending ops are
 * written, a new WAL is created holding the bytes of the old WAL after the cut (the ops that are
 * not in the snapshot), forced per policy, and the manifest is replaced (the commit point); the
 * writer switches to the new WAL and superseded files are pruned.
 *
 * <p>A crash before the manifest rename leaves the old snapshot and the whole old WAL in force;
 * after it, the new snapshot and the new WAL, which holds every op after the cut. If anything
 * invalidated the cut meanwhile (an undo, an explicit compaction, close), the new snapshot is
 * deleted and nothing changes. While one runs, further thresholds are not acted on; the next
 * starts at the first write after it ends. A failed background checkpoint leaves the store on its
 * old files and is retried at the next threshold; its error is reported once, as an
 * {@link IOException} naming the snapshot it was writing, by the next {@code set}, {@code delete},
 * {@code batch}, {@code compact}, {@code flush} or {@code close} (a mutating call that throws it
 * has not applied its op). Multi-writer agents checkpoint synchronously.
 */
final class BackgroundCheckpoint {
  private BackgroundCheckpoint() {}

  /** Starts one if none is running. Caller holds the write lock. */
  static void start(StoreCore core) {
    if (core.checkpointRunning) {
      return;
    }
    Map<String, byte[]> copy = new HashMap<>(core.records);
    int cut = core.ops.size();
    long cutEnd = core.walEnd;
    long epoch = core.epoch;
    int version = core.version;
    core.checkpointRunning = true;
    try {
      core.checkpointer().execute(() -> run(core, copy, cut, cutEnd, epoch, version));
    } catch (RuntimeException e) {
      core.checkpointRunning = false; // shutting down
    }
  }

  private static void run(StoreCore core, Map<String, byte[]> copy, int cut, long cutEnd, long epoch,
      int version) {
    String now = Timestamps.now();
    String snap = StoreFiles.snapshotName(StoreFiles.nextMillis());
    Path snapFile = null;
    Path opsFile = null;
    boolean committed = false;
    try {
      snapFile = StoreFiles.resolve(core.dir, snap);
      SnapshotFile.write(core.backend, snapFile, version, now, copy.entrySet().iterator(),
          core.opt.durability);
      core.writeLock.lock();
      try {
        if (!core.open || core.epoch != epoch || core.committer.failure() != null) {
          return;
        }
        core.committer.drain();
        String opsRel = StoreFiles.opsName(StoreFiles.nextMillis());
        opsFile = StoreFiles.resolve(core.dir, opsRel);
        WalFile old = core.committer.wal();
        byte[] tail = old.read(cutEnd, core.walEnd);
        WalFile wal = WalFile.create(core.backend, opsFile, core.opt.durability, core.walMode());
        try {
          wal.append(tail, 0, tail.length);
          if (core.opt.durability.forces()) {
            wal.force();
          }
          Manifest prev = core.manifest;
          Manifest next = new Manifest(version, snap, opsRel, null, prev.archiveSegments(),
              new Manifest.Stats(copy.size(), prev.stats().archivedRecords(), 0,
                  prev.stats().created(), now));
          next.write(core.backend, core.dir, core.opt.durability);
          committed = true;
          core.attachWriter(wal);
          core.manifest = next;
          core.manifestStamp = Checkpoints.manifestStamp(core.backend, core.dir);
          core.activeOps = opsRel;
        } catch (IOException | RuntimeException e) {
          if (!committed) {
            wal.close();
          }
          throw e;
        }
        List<WalFile.Entry> rest = new ArrayList<>(core.ops.size() - cut);
        for (int i = cut; i < core.ops.size(); i++) {
          WalFile.Entry e = core.ops.get(i);
          rest.add(new WalFile.Entry(e.op(), e.offset() - cutEnd));
        }
        core.ops.clear();
        core.ops.addAll(rest);
        core.epoch++;
        Checkpoints.prune(core.backend, core.dir, core.manifest, core.opt.keepPrevious);
      } finally {
        core.writeLock.unlock();
      }
    } catch (IOException | RuntimeException e) {
      core.checkpointFailure = new IOException("background checkpoint to " + snap + " of store "
          + core.dir + " failed (the store stays on its previous snapshot and WAL): " + e, e);
    } finally {
      core.writeLock.lock();
      try {
        core.checkpointRunning = false;
      } finally {
        core.writeLock.unlock();
      }
      if (!committed) {
        deleteQuietly(core.backend, snapFile);
        deleteQuietly(core.backend, opsFile);
      }
    }
  }

  private static void deleteQuietly(StoreBackend backend, Path p) {
    if (p != null) {
      try {
        backend.deleteIfExists(p);
      } catch (IOException e) {
        // an unreferenced file; a later prune removes it
      }
    }
  }
}
