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
 * <p>Records must be validated before they are added: a batch fails as a whole, so one bad record
 * must never reach it. This class is thread-safe.
 */
final class AppendCombiner {
  /** Appends a batch of records as one write. */
  @FunctionalInterface
  interface BatchAppender {
    void append(List<byte[]> records) throws IOException;
  }

  private static final class Batch {
    final List<byte[]> records = new ArrayList<>();
    boolean done;
    IOException failure;
    RuntimeException runtimeFailure;
  }

  private final BatchAppender appender;
  private final ReentrantLock writeLock = new ReentrantLock();
  private Batch open = new Batch();

  AppendCombiner(BatchAppender appender) {
    this.appender = appender;
  }

  /** Appends {@code record}, possibly together with other threads' records. */
  void append(byte[] record) throws IOException {
    Batch mine;
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
        try {
          appender.append(mine.records);
        } catch (IOException e) {
          mine.failure = e;
        } catch (RuntimeException e) {
          mine.runtimeFailure = e;
        }
        mine.done = true;
      }
    } finally {
      writeLock.unlock();
    }
    if (mine.failure != null) {
      throw new IOException("put failed: " + mine.failure.getMessage(), mine.failure);
    }
    if (mine.runtimeFailure != null) {
      throw mine.runtimeFailure;
    }
  }
}
