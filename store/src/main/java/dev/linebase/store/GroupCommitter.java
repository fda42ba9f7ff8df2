package dev.linebase.store;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.TreeMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Leader/follower group commit over the active {@link WalFile}. Callers {@link #enqueue} encoded
 * lines in log order (the store does this under its write lock, so the order of chunks is the
 * order of ops) and get a sequence number; {@link #await} returns once the chunk with that number
 * is written and, when {@code forces} is set, forced. The first waiter with unwritten chunks
 * becomes the leader: it takes every pending chunk (up to {@code maxChunksPerWrite}), writes them
 * with one {@code write} and one {@code fsync}, publishes the new durable sequence and wakes the
 * callers it covered, each on its own condition, plus the first caller still waiting, which leads
 * the next group (chunks that arrived meanwhile). Waking only those avoids a thundering herd of
 * all parked writers after every fsync. So N concurrent writers share one
 * fsync, and no call returns before the fsync that covers it.
 *
 * <p>Failure: when a write or force fails the file is cut back to its size before the group. If
 * {@code sticky}, the committer stays failed (every later call throws the first error; the store
 * must be reopened), because callers have already applied those ops in memory. If not sticky
 * (IMMEDIATE mode, where the store holds its lock across the write and rolls memory back), the
 * failed chunk is dropped and the error is thrown to that one caller.
 *
 * <p>This class is thread-safe.
 */
final class GroupCommitter {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition progress = lock.newCondition();
  private final ArrayDeque<byte[]> pending = new ArrayDeque<>();
  /** Parked callers by the sequence they wait for; each is woken alone (no thundering herd). */
  private final TreeMap<Long, ArrayDeque<Condition>> waiting = new TreeMap<>();
  private final boolean forces;
  private final boolean sticky;
  private final int maxChunksPerWrite;
  private WalFile wal;
  private long enqueued;
  private long durable;
  private boolean leaderActive;
  private IOException failure;

  GroupCommitter(WalFile wal, boolean forces, boolean sticky, int maxChunksPerWrite) {
    this.wal = wal;
    this.forces = forces;
    this.sticky = sticky;
    this.maxChunksPerWrite = maxChunksPerWrite;
  }

  /** Queues one chunk (one or more complete lines) and returns its sequence number. */
  long enqueue(byte[] chunk) throws IOException {
    lock.lock();
    try {
      checkFailure();
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
    lock.lock();
    try {
      while (true) {
        checkFailure();
        if (durable >= seq) {
          return;
        }
        if (leaderActive) {
          Condition mine = lock.newCondition();
          waiting.computeIfAbsent(seq, k -> new ArrayDeque<>()).add(mine);
          mine.awaitUninterruptibly();
          ArrayDeque<Condition> same = waiting.get(seq);
          if (same != null && same.remove(mine) && same.isEmpty()) {
            waiting.remove(seq);
          }
          continue;
        }
        lead();
      }
    } finally {
      lock.unlock();
    }
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
    lock.lock();
    try {
      while (leaderActive) {
        progress.awaitUninterruptibly();
      }
      checkFailure();
      wal.force();
    } finally {
      lock.unlock();
    }
  }

  /** Switches to a new WAL file. The caller has drained and holds the store's write lock. */
  void switchTo(WalFile next) {
    lock.lock();
    try {
      if (!pending.isEmpty() || leaderActive) {
        throw new IllegalStateException("switching WAL with unwritten chunks");
      }
      wal = next;
    } finally {
      lock.unlock();
    }
  }

  WalFile wal() {
    lock.lock();
    try {
      return wal;
    } finally {
      lock.unlock();
    }
  }

  /** The first failure, or null. */
  IOException failure() {
    lock.lock();
    try {
      return failure;
    } finally {
      lock.unlock();
    }
  }

  private void checkFailure() throws IOException {
    if (failure != null) {
      throw new IOException("store WAL failed earlier; reopen the store: " + failure.getMessage(),
          failure);
    }
  }

  /** Called with the lock held; releases it around the I/O. */
  private void lead() throws IOException {
    leaderActive = true;
    int n = Math.min(pending.size(), maxChunksPerWrite);
    byte[][] chunks = new byte[n][];
    int total = 0;
    for (int i = 0; i < n; i++) {
      chunks[i] = pending.pollFirst();
      total += chunks[i].length;
    }
    long target = durable + n;
    WalFile file = wal;
    lock.unlock();
    IOException error = null;
    long before = file.size();
    try {
      byte[] all;
      if (n == 1) {
        all = chunks[0];
      } else {
        all = new byte[total];
        int at = 0;
        for (byte[] c : chunks) {
          System.arraycopy(c, 0, all, at, c.length);
          at += c.length;
        }
      }
      file.append(all, 0, all.length);
      if (forces) {
        file.force();
      }
    } catch (IOException e) {
      error = e;
      try {
        file.truncate(before);
      } catch (IOException cut) {
        e.addSuppressed(cut);
      }
    } finally {
      lock.lock();
      leaderActive = false;
    }
    if (error != null) {
      if (sticky) {
        failure = error;
      } else {
        durable = target; // the chunk is dropped; its caller gets the error below
      }
      wakeAll();
      throw error;
    }
    durable = target;
    // Wake the callers this group covered, and the first one still waiting to lead the next.
    while (!waiting.isEmpty() && waiting.firstKey() <= durable) {
      waiting.pollFirstEntry().getValue().forEach(Condition::signal);
    }
    if (!waiting.isEmpty()) {
      waiting.firstEntry().getValue().forEach(Condition::signal);
    }
    progress.signalAll();
  }

  private void wakeAll() {
    for (ArrayDeque<Condition> cs : waiting.values()) {
      cs.forEach(Condition::signal);
    }
    waiting.clear();
    progress.signalAll();
  }
}
