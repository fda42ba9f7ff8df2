package dev.linebase.store;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Leader/follower group commit over the active {@link WalFile}. Callers {@link #enqueue} encoded
 * lines in log order (the store does this under its write lock, so the order of chunks is the
 * order of ops) and get a sequence number; {@link #await} returns once the chunk with that number
 * is written and, when {@code forces} is set, forced.
 *
 * <p>Same approach as the core log's {@code GroupCommit}: a caller whose chunk is not yet written
 * becomes the leader if nobody leads (one compare-and-set), takes <em>every</em> pending chunk (up
 * to {@code maxChunksPerWrite}), writes them with one {@code write} and one {@code force}, and
 * publishes the new durable sequence. Otherwise it registers itself and parks. The leader then
 * unparks first one caller still uncovered (it leads the next group at once: everything that was
 * enqueued during this force) and then exactly the callers this group covered. Waiting takes no
 * lock: followers park on {@link LockSupport} and read a volatile sequence, so a finished group's
 * callers return in parallel instead of handing a lock to one another in turn. When groups are
 * forced, a blocking writer that becomes leader first {@linkplain #gather gathers}: it waits,
 * bounded by one force's duration, until the writers the last group woke have enqueued again, so
 * that one force carries nearly all concurrent writers instead of every other one. A sole writer
 * with nobody waiting pays one compare-and-set and one write (a copy into the mapped WAL under a
 * policy that does not force); when its mode allows, it skips the queue altogether and writes from
 * its own buffer while holding the store's lock ({@link #writeInline}). No call returns before the
 * write (and force) that covers it.
 *
 * <p>Failure: when a write or force fails the file is cut back to its size before the group. If
 * {@code sticky}, the committer stays failed (every later call throws the first error; the store
 * must be reopened), because callers have already applied those ops in memory. If not sticky
 * (IMMEDIATE mode, where the store holds its lock across the write and rolls memory back), the
 * failed chunk is dropped and the error is thrown to that one caller.
 *
 * <p>This class is thread-safe. {@link #lock} guards the pending chunks and the file switch; no
 * lock is held during I/O.
 */
final class GroupCommitter {
  /** A parked caller and the sequence it waits for ({@code -1}: it wants to run exclusively). */
  private record Waiter(Thread thread, long seq) {}

  /** A future to complete once chunk {@code seq} is written (and forced per policy). */
  private record Pending(long seq, CompletableFuture<Void> future) {}

  private final ReentrantLock lock = new ReentrantLock();
  private final ArrayDeque<byte[]> pending = new ArrayDeque<>();
  private final ConcurrentLinkedQueue<Waiter> waiters = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Pending> futures = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean leading = new AtomicBoolean();
  private final boolean forces;
  private final boolean sticky;
  private final int maxChunksPerWrite;
  private volatile WalFile wal;
  /** Chunks enqueued; written under {@link #lock}, read without it. */
  private volatile long enqueued;
  /** Chunks taken by leaders; written under {@link #lock}, read without it. */
  private volatile long taken;
  private volatile long durable;
  /** Callers that kept a chunk in flight during the last forced group (see {@link #gather}). */
  private volatile int expectedChunks;
  /** How long the last group's force took. */
  private volatile long lastForceNanos;
  /** A leader waiting in {@link #gather} for {@link #gatherTarget} pending chunks, or null. */
  private volatile Thread gatherer;
  private volatile long gatherTarget;
  /**
   * Group writes and forces so far: written by the leadership's holder only (plain read, release
   * store through {@link #GROUP_WRITES} and {@link #GROUP_FORCES}; the leadership's compare-and-set
   * orders one holder after the last), read by anyone with an acquire load.
   */
  private long groupWrites;
  private long groupForces;
  private volatile IOException failure;

  GroupCommitter(WalFile wal, boolean forces, boolean sticky, int maxChunksPerWrite) {
    this.wal = wal;
    this.forces = forces;
    this.sticky = sticky;
    this.maxChunksPerWrite = maxChunksPerWrite;
  }

  /** Queues one chunk (one or more complete lines) and returns its sequence number. */
  long enqueue(byte[] chunk) throws IOException {
    checkFailure();
    long seq;
    lock.lock();
    try {
      pending.addLast(chunk);
      seq = ++enqueued;
    } finally {
      lock.unlock();
    }
    Thread g = gatherer;
    if (g != null && seq - taken >= gatherTarget) {
      LockSupport.unpark(g);
    }
    return seq;
  }

  /**
   * Writes {@code b[off, off + len)} (one or more complete lines) at once on the calling thread,
   * forcing it when {@code force}, if nothing is pending and no group is being written; returns
   * false, having done nothing, otherwise (the caller then {@link #enqueue}s). The caller holds
   * the store's write lock, under which every {@link #enqueue} happens: so when the leadership is
   * free and nothing is pending, every chunk enqueued before is written and none can be enqueued
   * meanwhile, and writing here keeps the log order. The chunk bypasses the queue (sequence
   * numbers count queued chunks only), so the buffer may be reused once this returns.
   *
   * <p>Why: a caller that finds the committer idle would otherwise enqueue a copy of its chunk,
   * release the store's lock, take the leadership and take the chunk back; writing in place saves
   * the copy, the queue's lock and three volatile writes per op, which is most of what a sole
   * writer pays beyond the copy into a mapped WAL. A failure is handled as {@link #lead}'s: the
   * file is cut back, and if {@code sticky} the committer fails.
   */
  boolean writeInline(byte[] b, int off, int len, boolean force) throws IOException {
    checkFailure();
    if (enqueued != taken || !leading.compareAndSet(false, true)) {
      return false;
    }
    IOException error = write(wal, b, off, len, force);
    if (error != null && sticky) {
      failure = error;
    }
    leading.set(false);
    wake();
    if (error != null) {
      throw error;
    }
    return true;
  }

  /**
   * One group's write (and force): appends {@code b[off, off + len)}, counts it, and on failure
   * cuts the file back to its size before the write. Called by the leadership's holder only.
   * Returns the failure, or null.
   */
  private IOException write(WalFile file, byte[] b, int off, int len, boolean force) {
    long before = file.size();
    try {
      file.append(b, off, len);
      GROUP_WRITES.setRelease(this, groupWrites + 1);
      if (force) {
        long t0 = System.nanoTime();
        file.force();
        lastForceNanos = System.nanoTime() - t0;
        GROUP_FORCES.setRelease(this, groupForces + 1);
      }
      return null;
    } catch (IOException | RuntimeException e) {
      IOException error = e instanceof IOException io ? io : new IOException(e);
      try {
        file.truncate(before);
      } catch (IOException cut) {
        error.addSuppressed(cut);
      }
      return error;
    }
  }

  /** Chunks enqueued but not yet taken by a writing leader (no lock: two volatile reads). */
  int pendingCount() {
    return (int) Math.min(Integer.MAX_VALUE, enqueued - taken);
  }

  /**
   * Waits until chunk {@code seq} is written (and forced when the policy forces). A writer that
   * leads a forced group first gathers the other writers' chunks (see {@link #gather}).
   */
  void await(long seq) throws IOException {
    await(seq, forces);
  }

  private void await(long seq, boolean gathering) throws IOException {
    Waiter me = null;
    try {
      while (true) {
        checkFailure();
        if (durable >= seq) {
          return;
        }
        if (leading.compareAndSet(false, true)) {
          lead(gathering);
          continue;
        }
        if (me == null) {
          // Register, then look again: a leader that finished meanwhile either sees us or we see
          // that nobody leads.
          me = new Waiter(Thread.currentThread(), seq);
          waiters.add(me);
          continue;
        }
        LockSupport.park(this);
      }
    } finally {
      if (me != null) {
        waiters.remove(me);
      }
    }
  }

  /**
   * A future completed once chunk {@code seq} is written (and forced per policy), or failed with
   * the committer's failure. It completes on the thread that wrote the group; nothing here leads a
   * write, so the caller must make sure one happens (e.g. a background {@link #drain}).
   */
  CompletableFuture<Void> whenWritten(long seq) {
    CompletableFuture<Void> f = new CompletableFuture<>();
    futures.add(new Pending(seq, f));
    completeFutures(); // a group may have ended between the enqueue and the add
    return f;
  }

  /** Writes every chunk enqueued so far (forced per policy). */
  void drain() throws IOException {
    long target;
    lock.lock();
    try {
      target = enqueued;
    } finally {
      lock.unlock();
    }
    await(target, false);
  }

  /** Writes everything and forces the file regardless of policy. */
  void flushAndForce() throws IOException {
    drain();
    exclusive(() -> {
      checkFailure();
      wal.force();
    });
  }

  /** Switches to a new WAL file. The caller has drained and holds the store's write lock. */
  void switchTo(WalFile next) throws IOException {
    exclusive(() -> {
      lock.lock();
      try {
        if (!pending.isEmpty()) {
          throw new IllegalStateException("switching WAL with unwritten chunks: " + pending.size());
        }
        wal = next;
      } finally {
        lock.unlock();
      }
    });
  }

  WalFile wal() {
    return wal;
  }

  /** Group writes (each one {@code write} or one mapped copy) since the store was opened. */
  long groupWrites() {
    return (long) GROUP_WRITES.getAcquire(this);
  }

  /** Forces of a group's write since the store was opened (not counting flush and close). */
  long groupForces() {
    return (long) GROUP_FORCES.getAcquire(this);
  }

  /** The first failure, or null. */
  IOException failure() {
    return failure;
  }

  private interface IoAction {
    void run() throws IOException;
  }

  /** Runs {@code action} while no group is being written (holding the leadership). */
  private void exclusive(IoAction action) throws IOException {
    Waiter me = null;
    try {
      while (!leading.compareAndSet(false, true)) {
        if (me == null) {
          me = new Waiter(Thread.currentThread(), -1);
          waiters.add(me);
          continue;
        }
        LockSupport.park(this);
      }
    } finally {
      if (me != null) {
        waiters.remove(me);
      }
    }
    try {
      action.run();
    } finally {
      leading.set(false);
      wake();
    }
  }

  /** Throws if a group failed earlier (sticky mode): the store must be reopened. */
  void checkFailure() throws IOException {
    IOException f = failure;
    if (f != null) {
      throw new IOException("store WAL failed earlier; reopen the store: " + f.getMessage(), f);
    }
  }

  /**
   * Before a forced group: waits, parked, until as many chunks are pending as there were callers
   * with a chunk in flight at the end of the last group ({@link #expectedChunks}: its size plus
   * the chunks enqueued during its force), or for at most as long as the last force took.
   *
   * <p>Why: a writer covered by force N enqueues its next op only after force N returns, so if
   * force N+1 started at once it would carry only the ops enqueued during force N, and the writers
   * would split into two cohorts taking turns (half of them per force, each writer waiting two
   * forces per op). Waiting up to one force's time for the woken writers to come back lets one
   * force carry (nearly) all of them: never worse than two cohorts, and much better when the
   * writers come back quickly. A sole writer
   * expects 1 chunk and never waits; nor do {@link #drain} and the ASYNC flusher.
   */
  private void gather() {
    long target = Math.min(expectedChunks, maxChunksPerWrite);
    if (target <= 1 || enqueued - taken >= target) {
      return;
    }
    long deadline = System.nanoTime() + Math.min(lastForceNanos, MAX_GATHER_NANOS);
    gatherTarget = target;
    gatherer = Thread.currentThread();
    try {
      while (enqueued - taken < target && failure == null) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return;
        }
        LockSupport.parkNanos(this, left);
      }
    } finally {
      gatherer = null;
    }
  }

  private static final long MAX_GATHER_NANOS = 5_000_000;

  private static final VarHandle GROUP_WRITES;
  private static final VarHandle GROUP_FORCES;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      GROUP_WRITES = l.findVarHandle(GroupCommitter.class, "groupWrites", long.class);
      GROUP_FORCES = l.findVarHandle(GroupCommitter.class, "groupForces", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Called holding the leadership; releases it. */
  private void lead(boolean gathering) throws IOException {
    if (gathering) {
      gather();
    }
    byte[] all;
    byte[][] chunks = null;
    int n;
    long target;
    WalFile file;
    lock.lock();
    try {
      // Only unlink the chunks here; copying them happens after the lock is released, so that
      // writers enqueueing meanwhile do not park on it.
      n = Math.min(pending.size(), maxChunksPerWrite);
      if (n == 1) {
        all = pending.pollFirst();
      } else {
        all = null;
        chunks = new byte[n][];
        for (int i = 0; i < n; i++) {
          chunks[i] = pending.pollFirst();
        }
      }
      taken += n;
      target = durable + n;
      file = wal;
    } finally {
      lock.unlock();
    }
    if (chunks != null) {
      int total = 0;
      for (byte[] c : chunks) {
        total += c.length;
      }
      all = new byte[total];
      int at = 0;
      for (byte[] c : chunks) {
        System.arraycopy(c, 0, all, at, c.length);
        at += c.length;
      }
    }
    IOException error = null;
    if (n > 0) {
      error = write(file, all, 0, all.length, forces);
      if (gathering) {
        expectedChunks = (int) Math.min(Integer.MAX_VALUE, n + (enqueued - taken));
      }
    }
    if (error != null && sticky) {
      failure = error;
    } else {
      durable = target; // on a non-sticky error the chunk is dropped; its caller gets the error
    }
    leading.set(false);
    wake();
    if (error != null) {
      throw error;
    }
  }

  /**
   * After a group: unparks the first caller still uncovered (the next leader), then every caller
   * covered (all of them after a failure).
   */
  private void wake() {
    unparkWaiters();
    // Futures last: a future's dependent may take the store's write lock (rolling memory back
    // after a failure), and a thread holding that lock may be parked above, waiting to lead.
    completeFutures();
  }

  private void unparkWaiters() {
    if (waiters.isEmpty()) {
      return;
    }
    long d = durable;
    boolean failed = failure != null;
    if (!failed) {
      for (Waiter w : waiters) {
        if (w.seq < 0 || w.seq > d) {
          LockSupport.unpark(w.thread);
          break;
        }
      }
    }
    for (Waiter w : waiters) {
      if (failed || (w.seq >= 0 && w.seq <= d)) {
        LockSupport.unpark(w.thread);
      }
    }
  }

  private void completeFutures() {
    if (futures.isEmpty()) {
      return;
    }
    long d = durable;
    IOException f = failure;
    for (Iterator<Pending> it = futures.iterator(); it.hasNext(); ) {
      Pending p = it.next();
      if (f != null) {
        it.remove();
        p.future.completeExceptionally(
            new IOException("store WAL failed; reopen the store: " + f.getMessage(), f));
      } else if (p.seq <= d) {
        it.remove();
        p.future.complete(null);
      }
    }
  }
}
