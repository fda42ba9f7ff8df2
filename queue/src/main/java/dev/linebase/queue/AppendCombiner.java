package dev.linebase.queue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Combines single-message puts of concurrent threads into one log append (flat combining): a
 * thread adds its record to the open batch, then takes the write lock; the first thread to get it
 * closes the batch and appends all of its records with one write (one fsync under {@code
 * GROUP}/{@code SYNC}); the others find their batch done and return. Every put returns only after
 * the append that holds its record returned, so the durability promise is unchanged, and each
 * thread's puts keep their order. With one thread this is one append per put, as without it.
 *
 * <p>Uncontended fast path: a thread that gets the write lock at once and finds no record waiting
 * appends its record alone ({@link SingleAppender}), without a batch: a single producer thread
 * pays two uncontended lock operations, not a batch and its list per put.
 *
 * <p>Records must be validated before they are added: a batch fails as a whole, so one bad record
 * must never reach it. This class is thread-safe.
 */
final class AppendCombiner {
  /** Appends a batch of records as one write. */
  @FunctionalInterface
  interface BatchAppender {
    void append(List<byte[]> records) throws IOException;
  }

  /** Appends one record as one write. */
  @FunctionalInterface
  interface SingleAppender {
    void append(byte[] record) throws IOException;
  }

  private static final class Batch {
    final List<byte[]> records = new ArrayList<>();
    boolean done;
    IOException failure;
    RuntimeException runtimeFailure;
  }

  private final BatchAppender appender;
  private final SingleAppender single;
  private final ReentrantLock writeLock = new ReentrantLock();
  /** The batch that records join; guarded by this object's monitor. */
  private Batch open = new Batch();

  AppendCombiner(BatchAppender appender, SingleAppender single) {
    this.appender = appender;
    this.single = single;
  }

  /** Appends {@code record}, possibly together with other threads' records. */
  void append(byte[] record) throws IOException {
    Batch mine;
    if (writeLock.tryLock()) {
      try {
        synchronized (this) {
          if (open.records.isEmpty()) {
            mine = null;
          } else {
            // Others wait with their records: take them along, as their leader would.
            mine = open;
            mine.records.add(record);
            open = new Batch();
          }
        }
        if (mine == null) {
          single.append(record); // its failure is this thread's alone: thrown as is
          return;
        }
        appendBatch(mine);
      } finally {
        writeLock.unlock();
      }
    } else {
      synchronized (this) {
        mine = open;
        mine.records.add(record);
      }
      writeLock.lock();
      try {
        if (!mine.done) {
          synchronized (this) {
            open = new Batch();
          }
          appendBatch(mine);
        }
      } finally {
        writeLock.unlock();
      }
    }
    if (mine.failure != null) {
      throw new IOException("put failed: " + mine.failure.getMessage(), mine.failure);
    }
    if (mine.runtimeFailure != null) {
      throw mine.runtimeFailure;
    }
  }

  /** For tests: whether a record waits in the open batch for the write lock. */
  synchronized boolean hasWaiting() {
    return !open.records.isEmpty();
  }

  /** Appends a closed batch, recording its outcome for every thread in it. Call under the lock. */
  private void appendBatch(Batch batch) {
    try {
      appender.append(batch.records);
    } catch (IOException e) {
      batch.failure = e;
    } catch (RuntimeException e) {
      batch.runtimeFailure = e;
    }
    batch.done = true;
  }
}
