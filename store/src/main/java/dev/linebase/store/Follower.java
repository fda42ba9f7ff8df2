package dev.linebase.store;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Following another writer: {@code tail()} / {@code refresh()} for a read-only store, and the
 * reloads of multi-writer agents.
 *
 * <p>A read-only follower remembers the active WAL and the byte offset it has read to. A tail
 * reads the manifest; if it still names the same snapshot and WAL, the new complete lines after
 * the offset are applied. If the writer has checkpointed since, the follower first reads the rest
 * of the old WAL (kept by retention unless the follower fell more than {@code keepPrevious}
 * checkpoints behind), then loads the new snapshot and reads the new WAL from its start, so it
 * keeps following across compactions (opslog's follower keeps reading the superseded file and
 * stops seeing writes). A torn last line is not applied until it is complete.
 *
 * <p>Agents reload everything (snapshot and all agents' WALs) whenever the manifest changed, and
 * before each append they check the manifest stamp, so an agent whose WAL was dropped by another
 * agent's compaction registers a new one before writing. Ops another agent appends between that
 * agent's compaction-time reload and its own next check are lost; this race is opslog's design.
 * Callers hold the store's write lock.
 */
final class Follower {
  private Follower() {}

  /** New ops since the last tail, applied to memory. */
  static List<WalFile.Entry> tail(StoreCore core) throws IOException {
    List<WalFile.Entry> fresh = new ArrayList<>();
    if (core.agentLayout()) {
      Set<String> seen = new HashSet<>();
      for (WalFile.Entry e : core.ops) {
        seen.add(key(e.op()));
      }
      reloadAgent(core);
      for (WalFile.Entry e : core.ops) {
        if (!seen.contains(key(e.op()))) {
          fresh.add(e);
        }
      }
      return fresh;
    }
    if (!core.opt.readOnly) {
      return fresh; // a single writer is the only source of its ops
    }
    for (int attempt = 0; ; attempt++) {
      Manifest m = Manifest.readIfExists(core.backend, core.dir);
      if (m == null) {
        throw new NoSuchFileException(core.dir.resolve(StoreFiles.MANIFEST).toString(), null,
            "manifest disappeared while following");
      }
      Manifest cur = core.manifest;
      if (m.currentSnapshot().equals(cur.currentSnapshot()) && m.activeOps().equals(cur.activeOps())) {
        readAppended(core, fresh);
        return fresh;
      }
      readAppended(core, fresh); // the rest of the superseded WAL, if it still exists
      try {
        Map<String, byte[]> loaded = new HashMap<>();
        int version = Replay.loadSnapshot(core.backend, core.dir, m, loaded, core.opt.schemaVersion,
            core.opt.migration);
        core.records.keySet().retainAll(loaded.keySet());
        core.records.putAll(loaded);
        core.version = version;
      } catch (NoSuchFileException e) {
        if (attempt < 5) {
          continue; // compacted again meanwhile: read the newer manifest
        }
        throw e;
      }
      List<WalFile.Entry> before = new ArrayList<>(core.ops);
      core.manifest = m;
      core.activeOps = m.activeOps();
      core.ops.clear();
      core.followOffset = 0;
      List<WalFile.Entry> next = new ArrayList<>();
      readAppended(core, next);
      // A background checkpoint starts the new WAL with the old WAL's ops after its cut, which
      // this follower has just read and reported: do not report them twice.
      int dup = overlap(before, next);
      fresh.addAll(next.subList(dup, next.size()));
      return fresh;
    }
  }

  private static void readAppended(StoreCore core, List<WalFile.Entry> out) throws IOException {
    WalFile.Scan scan = WalFile.scan(core.backend, StoreFiles.resolve(core.dir, core.activeOps),
        core.followOffset);
    for (WalFile.Entry e : scan.entries()) {
      Replay.apply(core.records, e.op());
      core.ops.add(e);
      out.add(e);
    }
    core.followOffset = scan.validEnd();
  }

  /** The largest k such that the last k ops of {@code a} equal the first k of {@code b}. */
  static int overlap(List<WalFile.Entry> a, List<WalFile.Entry> b) {
    for (int k = Math.min(a.size(), b.size()); k > 0; k--) {
      boolean same = true;
      for (int i = 0; i < k && same; i++) {
        same = java.util.Arrays.equals(a.get(a.size() - k + i).op().encode(), b.get(i).op().encode());
      }
      if (same) {
        return k;
      }
    }
    return 0;
  }

  private static String key(OpLine op) {
    return op.orderAgent() + '\u0000' + op.orderClock() + '\u0000' + op.id + '\u0000' + op.ts;
  }

  /** Reloads an agent's state from the current manifest (registering a new WAL if needed). */
  static void reloadAgent(StoreCore core) throws IOException {
    if (core.committer != null) {
      core.committer.drain();
    }
    Manifest m = Manifest.readIfExists(core.backend, core.dir);
    if (m == null) {
      throw new NoSuchFileException(core.dir.resolve(StoreFiles.MANIFEST).toString(), null,
          "manifest not found during refresh");
    }
    core.load(m);
  }

  /** Before an agent appends: reload if another agent changed the manifest. */
  static void syncAgentIfManifestChanged(StoreCore core) throws IOException {
    Object stamp = Checkpoints.manifestStamp(core.backend, core.dir);
    if (!Objects.equals(stamp, core.manifestStamp)) {
      reloadAgent(core);
    }
  }
}
