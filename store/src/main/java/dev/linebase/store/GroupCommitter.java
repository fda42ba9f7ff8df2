package dev.linebase.store;

import java.io.IOException;
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
 * callers return in parallel instead of handing a lock to one another in turn, and the next force
 * starts without waiting for them. A sole writer with nobody waiting pays one compare-and-set and
 * one {@code write}. No call returns before the write (and force) that covers it.
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
  private long enqueued;
  private volatile long durable;
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
    lock.lock();
    try {
      pending.addLast(chunk);
      return ++enqueued;
    } finally {
      lock.unlock();
    }
  }

  /** Chunks enqueued but not yet written. */
  int pendingCount() {
    lock.lock();
    try {
      return pending.size();
    } finally {
      lock.unlock();
    }
  }

  /** Waits until chunk {@code seq} is written (and forced when the policy forces). */
  void await(long seq) throws IOException {
    Waiter me = null;
    try {
      while (true) {
        checkFailure();
        if (durable >= seq) {
          return;
        }
        if (leading.compareAndSet(false, true)) {
          lead();
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
    await(target);
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

  private void checkFailure() throws IOException {
    IOException f = failure;
    if (f != null) {
      throw new IOException("store WAL failed earlier; reopen the store: " + f.getMessage(), f);
    }
  }

  /** Called holding the leadership; releases it. */
  private void lead() throws IOException {
    byte[] all;
    int n;
    long target;
    WalFile file;
    lock.lock();
    try {
      n = Math.min(pending.size(), maxChunksPerWrite);
      if (n == 1) {
        all = pending.pollFirst();
      } else {
        int total = 0;
        int i = 0;
        for (Iterator<byte[]> it = pending.iterator(); it.hasNext() && i < n; i++) {
          total += it.next().length;
        }
        all = new byte[total];
        int at = 0;
        for (i = 0; i < n; i++) {
          byte[] c = pending.pollFirst();
          System.arraycopy(c, 0, all, at, c.length);
          at += c.length;
        }
      }
      target = durable + n;
      file = wal;
    } finally {
      lock.unlock();
    }
    IOException error = null;
    if (n > 0) {
      long before = file.size();
      try {
        file.append(all, 0, all.length);
        if (forces) {
          file.force();
        }
      } catch (IOException | RuntimeException e) {
        error = e instanceof IOException io ? io : new IOException(e);
        try {
          file.truncate(before);
        } catch (IOException cut) {
          error.addSuppressed(cut);
        }
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
    completeFutures();
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
