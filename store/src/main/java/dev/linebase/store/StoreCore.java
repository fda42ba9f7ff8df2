package dev.linebase.store;

import dev.linebase.jsonl.Records;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The untyped engine behind {@link Store}: documents as compact JSON bytes, the op list, the
 * write path (build op, apply to memory, enqueue to the {@link GroupCommitter}), undo and open.
 * Checkpoints are in {@link Checkpoints}, following in {@link Follower}.
 *
 * <p>Invariants, under {@link #writeLock}: {@link #ops} are exactly the ops of the active WAL
 * (for agents: of all agents' active WALs, merged), in order, each with the byte offset of its
 * line; {@link #walEnd} is the byte length of the active WAL once every enqueued chunk is
 * written; {@code records} equals snapshot + ops applied. Reads of {@code records} need no lock.
 */
final class StoreCore implements AutoCloseable {
  final StoreOptions<?> opt;
  final Path dir;
  final StoreBackend backend;
  final ReentrantLock writeLock = new ReentrantLock();
  final ConcurrentHashMap<String, byte[]> records = new ConcurrentHashMap<>();
  final ArrayList<WalFile.Entry> ops = new ArrayList<>();
  volatile Manifest manifest;
  int version;
  String activeOps;
  long walEnd;
  long followOffset;
  long clock;
  GroupCommitter committer;
  Closeable lock;
  volatile boolean open;
  ScheduledExecutorService background;
  ScheduledFuture<?> watchTask;
  Object manifestStamp;
  /** Bytes of torn WAL tails cut by recovery since this store was opened. */
  long tornBytesCut;
  boolean holdsCompactionLock;
  /** Changes whenever the ops list is rewritten other than by appends (undo, checkpoint, reload). */
  long epoch;
  boolean checkpointRunning;
  java.util.concurrent.ExecutorService checkpointer;
  /** A failed background checkpoint not yet reported to a caller; see {@link #throwCheckpointFailure}. */
  volatile IOException checkpointFailure;
  final java.util.concurrent.atomic.AtomicBoolean flushScheduled =
      new java.util.concurrent.atomic.AtomicBoolean();
  private static final int CHUNK_BUILDER_BYTES = 4096;
  private static final int CHUNK_BUILDER_KEEP_BYTES = 1 << 20;
  /** Whether {@link #rollbackToDisk} ran for the committer's failure. */
  private boolean failureRolledBack;
  /** Whether {@link #commit(Mutation)} writes a chunk itself when the committer is idle. */
  private final boolean writesInline;
  /** Whether such an inline write is forced (IMMEDIATE under a forcing policy). */
  private final boolean forcesInline;
  /** Reused by {@link #applyLocked} for the ops of the outermost call under the write lock. */
  private final ArrayList<OpLine> builtScratch = new ArrayList<>();
  /** Reused by {@link #encodeLocked}, under the write lock. */
  private ByteBuilder chunkBuilder = new ByteBuilder(CHUNK_BUILDER_BYTES);

  private StoreCore(StoreOptions<?> opt) {
    this.opt = opt;
    this.dir = opt.dir.toAbsolutePath().normalize();
    this.backend = opt.backend;
    this.writesInline = opt.writeMode == WriteMode.IMMEDIATE
        || (opt.writeMode == WriteMode.GROUP && !opt.durability.forces());
    this.forcesInline = opt.writeMode == WriteMode.IMMEDIATE && opt.durability.forces();
  }

  // ---- open ----

  static StoreCore open(StoreOptions<?> opt) throws IOException {
    StoreCore core = new StoreCore(opt);
    try {
      core.doOpen();
      return core;
    } catch (IOException | RuntimeException e) {
      core.closeQuietly();
      throw e;
    }
  }

  private void doOpen() throws IOException {
    if (!opt.readOnly) {
      backend.createDirectories(dir.resolve(StoreFiles.SNAPSHOTS));
      backend.createDirectories(dir.resolve(StoreFiles.OPS));
      backend.createDirectories(dir.resolve(StoreFiles.ARCHIVE));
      if (!opt.multiWriter()) {
        lock = backend.lockStore(dir);
      }
    }
    Manifest m = Manifest.readIfExists(backend, dir);
    if (m == null) {
      if (opt.readOnly) {
        throw new NoSuchFileException(dir.resolve(StoreFiles.MANIFEST).toString(), null,
            "cannot open in read-only mode: no existing store found");
      }
      if (opt.multiWriter()) {
        Closeable cl = CompactionLock.acquire(backend, dir, 10_000);
        try {
          m = Manifest.readIfExists(backend, dir);
          if (m == null) {
            m = Checkpoints.createFresh(this);
          }
        } finally {
          cl.close();
        }
      } else {
        m = Checkpoints.createFresh(this);
      }
    }
    load(m);
    open = true;
  }

  /** Loads (or, for agents, reloads) all state from {@code m}. Caller holds the write lock or is opening. */
  void load(Manifest m) throws IOException {
    epoch++;
    manifest = m;
    manifestStamp = Checkpoints.manifestStamp(backend, dir);
    records.clear();
    ops.clear();
    if (opt.skipLoad) {
      version = opt.schemaVersion;
    } else {
      version = Replay.loadSnapshot(backend, dir, m, records, opt.schemaVersion, opt.migration);
    }
    if (opt.multiWriter() || m.activeAgentOps() != null) {
      loadAgents(m);
      return;
    }
    activeOps = m.activeOps();
    Path file = StoreFiles.resolve(dir, activeOps);
    WalFile.Scan scan = WalFile.scan(backend, file, 0);
    if (!opt.skipLoad) {
      for (WalFile.Entry e : scan.entries()) {
        Replay.apply(records, e.op());
        ops.add(e);
      }
    }
    followOffset = scan.validEnd();
    if (!opt.readOnly) {
      tornBytesCut += scan.tornBytes();
      attachWriter(WalFile.openForAppend(backend, file, scan.validEnd(), walMode()));
    }
  }

  private void loadAgents(Manifest m) throws IOException {
    String own = m.activeAgentOps() == null ? null : m.activeAgentOps().get(opt.agentId);
    List<WalFile.Entry> all = new ArrayList<>();
    long ownEnd = 0;
    for (String rel : Replay.walFiles(m)) {
      WalFile.Scan scan = WalFile.scan(backend, StoreFiles.resolve(dir, rel), 0);
      if (rel.equals(own)) {
        ownEnd = scan.validEnd();
        if (!opt.readOnly) {
          tornBytesCut += scan.tornBytes();
        }
      }
      all.addAll(scan.entries());
    }
    all.sort(Replay.ORDER);
    clock = 0;
    for (WalFile.Entry e : all) {
      if (!opt.skipLoad) {
        Replay.apply(records, e.op());
        ops.add(e);
      }
      clock = Math.max(clock, e.op().orderClock());
    }
    if (opt.readOnly) {
      return;
    }
    if (!opt.multiWriter()) {
      // A single writer on a multi-writer layout: checkpoint into the single-writer layout
      // (agents register new WAL files when they next write), under the compaction lock.
      Closeable cl = CompactionLock.acquire(backend, dir, 10_000);
      try {
        Checkpoints.writeCheckpoint(this);
      } finally {
        cl.close();
      }
      return;
    }
    if (own == null) {
      own = Checkpoints.registerAgent(this);
      ownEnd = 0;
    }
    activeOps = own;
    attachWriter(WalFile.openForAppend(backend, StoreFiles.resolve(dir, own), ownEnd, walMode()));
  }

  void attachWriter(WalFile wal) throws IOException {
    walEnd = wal.size();
    if (committer == null) {
      committer = new GroupCommitter(wal, opt.durability.forces(),
          opt.writeMode != WriteMode.IMMEDIATE, opt.groupSize);
    } else {
      WalFile old = committer.wal();
      committer.switchTo(wal);
      if (old != wal) {
        old.close();
      }
    }
  }

  /**
   * How the WAL is appended to: in ASYNC mode with plain {@code write}s (a flusher thread writes
   * large groups, one system call per group, off the callers' thread); otherwise through a memory
   * map when the policy does not force (IMMEDIATE, GROUP: a copy instead of a system call per
   * call), and with {@code write} over padding when it forces (the force dominates).
   */
  WalMapping.Mode walMode() {
    if (opt.writeMode == WriteMode.ASYNC) {
      return WalMapping.Mode.PLAIN;
    }
    return opt.durability.forces() ? WalMapping.Mode.WRITE : WalMapping.Mode.MAP;
  }

  /** Whether ops live in per-agent files (this store is an agent, or agents wrote the layout). */
  boolean agentLayout() {
    return opt.multiWriter() || manifest.activeAgentOps() != null;
  }

  // ---- checks ----

  void ensureOpen() {
    if (!open) {
      throw new IllegalStateException("store " + dir + " is not open");
    }
  }

  void ensureWritable() {
    ensureOpen();
    if (opt.readOnly) {
      throw new IllegalStateException("store " + dir + " is read-only; cannot perform mutations");
    }
  }

  // ---- write path ----

  /** Builds the ops of one call while applying them to memory; undone by the caller on failure. */
  interface Mutation {
    void run(List<OpLine> out);
  }

  OpLine makeSet(String id, byte[] data) {
    checkId(id);
    Records.check(data, 0, data.length, opt.maxRecordBytes);
    if (data.length == 4 && data[0] == 'n' && data[1] == 'u' && data[2] == 'l' && data[3] == 'l') {
      throw new IllegalArgumentException("document for '" + id + "' is JSON null; a set needs a value");
    }
    // One map operation: put returns the previous document (under the write lock, so nothing
    // changes the entry between the put and the op).
    byte[] prev = records.put(id, data);
    byte[] patch;
    try {
      patch = prev == null ? null : Delta.reversePatch(prev, data);
    } catch (RuntimeException e) {
      if (prev == null) {
        records.remove(id);
      } else {
        records.put(id, prev);
      }
      throw e;
    }
    return new OpLine(Timestamps.now(), true, id, patch != null ? patch : prev, data,
        patch != null, opt.agentId, opt.multiWriter() ? ++clock : -1);
  }

  OpLine makeDelete(String id) {
    checkId(id);
    byte[] prev = records.get(id);
    if (prev == null) {
      throw new IllegalArgumentException("record '" + id + "' not found");
    }
    OpLine op = new OpLine(Timestamps.now(), false, id, prev, null, false, opt.agentId,
        opt.multiWriter() ? ++clock : -1);
    records.remove(id);
    return op;
  }

  private static void checkId(String id) {
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException("record id is empty");
    }
  }

  /**
   * Reports a background checkpoint that failed since the last report, once: throws it and
   * forgets it. The store is still consistent (on its old snapshot and WAL); the checkpoint is
   * retried at the next threshold.
   */
  void throwCheckpointFailure() throws IOException {
    IOException f = checkpointFailure;
    if (f != null) {
      checkpointFailure = null;
      throw new IOException(f.getMessage(), f);
    }
  }

  /**
   * GROUP mode: runs a mutation (memory first, then one WAL chunk) and returns a future completed
   * once the chunk is written and forced per policy; a background thread leads the write.
   */
  java.util.concurrent.CompletableFuture<Void> commitAsync(Mutation mutation) {
    if (opt.writeMode != WriteMode.GROUP) {
      throw new IllegalStateException("asynchronous calls need WriteMode.GROUP, not " + opt.writeMode);
    }
    java.util.concurrent.CompletableFuture<Void> result;
    writeLock.lock();
    try {
      List<OpLine> built = applyLocked(mutation, null, null);
      if (built.isEmpty()) {
        return java.util.concurrent.CompletableFuture.completedFuture(null);
      }
      long startEnd = walEnd;
      int firstNew = ops.size();
      long seq;
      try {
        seq = enqueueLocked(built);
      } catch (IOException e) {
        undoCallLocked(built, firstNew, startEnd);
        throw e;
      }
      result = committer.whenWritten(seq).handle((ok, error) -> {
        if (error != null) {
          rollbackToDisk(); // memory agrees with the WAL before the caller learns of the failure
          throw error instanceof java.util.concurrent.CompletionException ce ? ce
              : new java.util.concurrent.CompletionException(error);
        }
        return ok;
      });
      if (background == null) {
        background = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
          Thread t = new Thread(r, "linebase-store-group");
          t.setDaemon(true);
          return t;
        });
      }
      if (flushScheduled.compareAndSet(false, true)) {
        background.execute(this::backgroundFlush);
      }
      maybeCheckpoint();
    } catch (IOException e) {
      return java.util.concurrent.CompletableFuture.failedFuture(e);
    } finally {
      writeLock.unlock();
    }
    return result;
  }

  /** Encodes the ops of one call, records them and enqueues their chunk. Under the lock. */
  private long enqueueLocked(List<OpLine> built) throws IOException {
    committer.checkFailure(); // before recording anything
    try {
      return committer.enqueue(encodeLocked(built).toArray());
    } finally {
      trimChunkBuilder();
    }
  }

  /**
   * After the committer failed (a group's write or force; the file was cut back to before that
   * group): brings memory back to what the WAL holds by undoing, newest first, every op of this
   * writer at or past the WAL's end (the failed group and everything enqueued after it) and
   * re-applying other agents' ops that were merged after them. Idempotent; takes the write lock.
   * The store stays failed (every later write throws; reopen it), but reads agree with the disk.
   */
  void rollbackToDisk() {
    writeLock.lock();
    try {
      if (committer == null || committer.failure() == null || failureRolledBack) {
        return;
      }
      failureRolledBack = true;
      epoch++;
      long end = committer.wal().size();
      walEnd = end;
      int failed = 0;
      for (WalFile.Entry e : ops) {
        if (isLostOwnOp(e, end)) {
          failed++;
        }
      }
      List<WalFile.Entry> others = new ArrayList<>();
      while (failed > 0) {
        WalFile.Entry e = ops.remove(ops.size() - 1);
        Replay.reverse(records, e.op());
        if (isLostOwnOp(e, end)) {
          failed--;
        } else {
          others.add(e);
        }
      }
      for (int i = others.size() - 1; i >= 0; i--) {
        Replay.apply(records, others.get(i).op());
        ops.add(others.get(i));
      }
    } finally {
      writeLock.unlock();
    }
  }

  private boolean isLostOwnOp(WalFile.Entry e, long walSize) {
    boolean own = !opt.multiWriter() || opt.agentId.equals(e.op().agent);
    return own && e.offset() >= walSize;
  }

  /**
   * Encodes the ops of one call into one chunk, records them in {@link #ops} and advances
   * {@link #walEnd}. Under the lock. Returns the reused builder holding the chunk: valid until the
   * next call, then {@link #trimChunkBuilder}.
   */
  private ByteBuilder encodeLocked(List<OpLine> built) {
    ByteBuilder out = chunkBuilder;
    out.reset();
    for (int i = 0; i < built.size(); i++) {
      if (!opt.skipLoad) {
        ops.add(new WalFile.Entry(built.get(i), walEnd + out.size()));
      }
      built.get(i).encodeTo(out);
      out.put((byte) '\n');
    }
    walEnd += out.size();
    return out;
  }

  /** Drops the chunk builder after a huge batch instead of keeping its buffer. Under the lock. */
  private void trimChunkBuilder() {
    if (chunkBuilder.size() > CHUNK_BUILDER_KEEP_BYTES) {
      chunkBuilder = new ByteBuilder(CHUNK_BUILDER_BYTES);
    }
  }

  /**
   * Checks the store can take a write, catches up with other agents, and applies {@code mutation}
   * (when null: the set of {@code setId} to {@code setData}) to memory, rolling memory back if it
   * throws. Call holding the write lock. Returns the ops the mutation built (empty when it changed
   * nothing).
   */
  private List<OpLine> applyLocked(Mutation mutation, String setId, byte[] setData)
      throws IOException {
    ensureWritable();
    throwCheckpointFailure();
    committer.checkFailure();
    if (opt.multiWriter()) {
      Follower.syncAgentIfManifestChanged(this);
    }
    // The outermost call under the lock reuses one list (it is used only until this call releases
    // the lock); a mutation that calls back into the store while running gets its own.
    ArrayList<OpLine> built;
    if (writeLock.getHoldCount() == 1) {
      built = builtScratch;
      built.clear();
    } else {
      built = new ArrayList<>(1);
    }
    try {
      if (mutation == null) {
        built.add(makeSet(setId, setData));
      } else {
        mutation.run(built);
      }
    } catch (RuntimeException e) {
      rollback(built);
      throw e;
    }
    return built;
  }

  /**
   * Takes the write lock, spinning briefly first: the lock is held for a few microseconds (apply,
   * encode, enqueue), so when many writers arrive at once (a group commit just woke them) a short
   * spin is cheaper than parking and being unparked in turn.
   */
  private void lockForWrite() {
    for (int i = 0; i < WRITE_LOCK_SPINS; i++) {
      if (writeLock.tryLock()) {
        return;
      }
      Thread.onSpinWait();
    }
    writeLock.lock();
  }

  private static final int WRITE_LOCK_SPINS = 200;

  /**
   * Runs a mutation: memory first, then one WAL chunk, acknowledged per write mode.
   *
   * <p>The chunk is written on this thread, under the lock, straight from the chunk builder,
   * when the committer is idle ({@link GroupCommitter#writeInline}) and the mode allows it:
   * always in IMMEDIATE (which holds the lock across its write and force anyway), and in GROUP
   * under a policy that does not force, where a group's write is a copy into the mapped WAL and
   * there is no fsync to share: holding the lock for that copy costs less than handing the chunk
   * to a leader. GROUP under a forcing policy always queues, so that the lock is never held across
   * an fsync and the writers arriving during one are covered by the next. When a leader is busy
   * writing a group (a background flush of {@link #commitAsync}'s futures, a
   * {@link GroupCommitter#drain} or another caller), the chunk queues behind it, as before.
   */
  void commit(Mutation mutation) throws IOException {
    commit(mutation, null, null);
  }

  /** {@link #commit(Mutation)} of one set, without a mutation object (the common call). */
  void commitSet(String id, byte[] data) throws IOException {
    commit(null, id, data);
  }

  /** Runs {@code mutation}, or if it is null the set of {@code setId}; see {@link #commit}. */
  private void commit(Mutation mutation, String setId, byte[] setData) throws IOException {
    long seq;
    lockForWrite();
    try {
      List<OpLine> built = applyLocked(mutation, setId, setData);
      if (built.isEmpty()) {
        return;
      }
      long startEnd = walEnd;
      int firstNew = ops.size();
      boolean written = false;
      seq = 0;
      try {
        committer.checkFailure(); // before recording anything
        ByteBuilder chunk = encodeLocked(built);
        if (writesInline
            && committer.writeInline(chunk.array(), 0, chunk.size(), forcesInline)) {
          written = true;
        } else {
          seq = committer.enqueue(chunk.toArray());
          if (opt.writeMode == WriteMode.IMMEDIATE) {
            committer.await(seq);
            written = true;
          }
        }
      } catch (IOException e) {
        // Not enqueued, or its write failed and was cut (IMMEDIATE, or an inline GROUP write:
        // then the committer has failed for good): this call's ops are not on disk and nothing
        // after them was applied (the lock is held), so undo exactly them.
        undoCallLocked(built, firstNew, startEnd);
        throw e;
      } finally {
        trimChunkBuilder();
      }
      if (written || opt.writeMode == WriteMode.ASYNC) {
        maybeCheckpoint();
        if (opt.writeMode == WriteMode.ASYNC && committer.pendingCount() >= opt.groupSize
            && flushScheduled.compareAndSet(false, true)) {
          background.execute(this::backgroundFlush);
        }
        return;
      }
    } finally {
      writeLock.unlock();
    }
    try {
      committer.await(seq);
    } catch (IOException e) {
      rollbackToDisk(); // every caller of the failed group returns only once memory agrees
      throw e;
    }
    if (needsCheckpoint()) {
      writeLock.lock();
      try {
        if (open) {
          maybeCheckpoint();
        }
      } finally {
        writeLock.unlock();
      }
    }
  }

  /** Undoes one call whose chunk is not on disk, nothing having been applied after it. */
  private void undoCallLocked(List<OpLine> built, int firstNew, long startEnd) {
    rollback(built);
    while (ops.size() > firstNew) {
      ops.remove(ops.size() - 1);
    }
    walEnd = startEnd;
  }

  private void rollback(List<OpLine> built) {
    for (int i = built.size() - 1; i >= 0; i--) {
      Replay.reverse(records, built.get(i));
    }
  }

  private boolean needsCheckpoint() {
    return !opt.skipLoad && opt.checkpointThreshold > 0 && ops.size() >= opt.checkpointThreshold;
  }

  private void maybeCheckpoint() throws IOException {
    if (needsCheckpoint()) {
      if (opt.multiWriter()) {
        Checkpoints.checkpoint(this);
      } else {
        BackgroundCheckpoint.start(this);
      }
    }
  }

  /** The daemon thread of {@link BackgroundCheckpoint}, created on first use. */
  java.util.concurrent.ExecutorService checkpointer() {
    if (checkpointer == null) {
      checkpointer = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "linebase-store-checkpoint");
        t.setDaemon(true);
        return t;
      });
    }
    return checkpointer;
  }

  /** Waits for a running background checkpoint. Caller must not hold the write lock. */
  void awaitBackgroundCheckpoint() {
    java.util.concurrent.ExecutorService ex = checkpointer;
    if (ex != null) {
      try {
        ex.submit(() -> { }).get();
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // shut down: nothing runs
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException(e.getCause());
      }
    }
  }

  void backgroundFlush() {
    flushScheduled.set(false);
    try {
      if (committer != null && committer.pendingCount() > 0) {
        committer.drain();
      }
    } catch (IOException e) {
      // The committer keeps the failure; the next call on the store throws it.
      rollbackToDisk();
    }
  }

  /** Writes and forces everything pending. */
  void flush() throws IOException {
    ensureOpen();
    if (committer != null) {
      try {
        committer.flushAndForce();
      } catch (IOException e) {
        rollbackToDisk();
        throw e;
      }
    }
    throwCheckpointFailure();
  }

  // ---- undo ----

  boolean undo() throws IOException {
    writeLock.lock();
    try {
      ensureWritable();
      epoch++;
      committer.drain();
      if (opt.multiWriter()) {
        WalFile.Entry mine = null;
        for (WalFile.Entry e : ops) {
          if (opt.agentId.equals(e.op().agent) && (mine == null || e.offset() > mine.offset())) {
            mine = e;
          }
        }
        if (mine == null) {
          return false;
        }
        committer.wal().truncate(mine.offset());
        walEnd = mine.offset();
        Follower.reloadAgent(this);
        return true;
      }
      if (ops.isEmpty()) {
        return false;
      }
      WalFile.Entry last = ops.get(ops.size() - 1);
      // Disk first: if the truncate fails, memory still matches the file.
      committer.wal().truncate(last.offset());
      ops.remove(ops.size() - 1);
      walEnd = last.offset();
      Replay.reverse(records, last.op());
      return true;
    } finally {
      writeLock.unlock();
    }
  }

  // ---- close ----

  @Override
  public void close() throws IOException {
    if (!writeLock.isHeldByCurrentThread()) {
      awaitBackgroundCheckpoint();
      // Stop watch and flush tasks before taking the lock they may be waiting for.
      ScheduledExecutorService bg = background;
      if (bg != null) {
        bg.shutdown();
        try {
          bg.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
    writeLock.lock();
    try {
      if (!open) {
        closeQuietly();
        return;
      }
      IOException error = null;
      try {
        if (!opt.readOnly && committer != null && committer.failure() == null) {
          committer.drain();
          if (opt.checkpointOnClose && !ops.isEmpty()) {
            Checkpoints.checkpoint(this);
          }
          committer.flushAndForce();
        }
      } catch (IOException e) {
        error = e;
      } finally {
        open = false;
        closeQuietly();
      }
      if (error != null) {
        throw error;
      }
      throwCheckpointFailure();
    } finally {
      writeLock.unlock();
    }
  }

  void closeQuietly() {
    open = false;
    if (checkpointer != null) {
      checkpointer.shutdownNow();
      checkpointer = null;
    }
    if (background != null) {
      background.shutdownNow();
      try {
        background.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      background = null;
    }
    if (committer != null) {
      try {
        committer.wal().close();
      } catch (IOException e) {
        // closing a channel; nothing left to save
      }
    }
    if (lock != null) {
      try {
        lock.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } finally {
        lock = null;
      }
    }
  }
}
