package dev.linebase.log;

import dev.linebase.io.Durability;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Group commit for {@link Durability.Group} and {@link Durability#SYNC}: decides when the log is
 * forced and who waits for what.
 *
 * <p><b>Blocking appends</b> (leader/follower): a thread whose lines are written calls {@link
 * #awaitEntered(long)}. If no force is running it becomes the leader: it lets the group gather
 * while another blocking append has entered but not yet written (see {@link #gather()}), then
 * forces everything written so far, its own lines and any other thread's. Otherwise it waits, and
 * when the running force ends one of the threads still uncovered leads the next one. With 64
 * threads blocked on their own appends each fsync covers nearly all 64. The limits are ceilings,
 * not floors: a lone writer never waits for {@code maxDelayMillis}; {@code SYNC} leads at once.
 *
 * <p><b>Asynchronous appends</b>: {@link #submit} records a future to complete once its lines are
 * durable. A daemon thread forces when the pending asynchronous records reach {@code maxRecords}
 * or the oldest has waited {@code maxDelayMillis} (immediately under {@code SYNC}), so a stream of
 * {@code appendAsync} calls is forced in groups of up to {@code maxRecords} without blocking the
 * producer. Futures complete on the thread that ran the covering force (or on the writer thread
 * during a roll): chain heavy work with {@code thenApplyAsync}.
 *
 * <p>A failed force fails every waiting call and future and every later one (the page cache may
 * have dropped the dirty pages, so retrying could report lost data as durable): the log must be
 * reopened, which recovers from what is on disk.
 *
 * <p>Thread-safe. Lock order: the log's writer lock, then this object's monitor; a force runs
 * holding neither.
 */
final class GroupCommit implements AutoCloseable {

  /** Forces everything written so far; returns the end line it covered. */
  @FunctionalInterface
  interface Flush {
    long flush() throws IOException;
  }

  private record Pending(long firstLine, long endLine, CompletableFuture<Long> future) {}

  private final Durability durability;
  private final Flush flush;
  private final LongSupplier writtenLine;
  private final String name;
  private final int maxRecords;
  private final long maxDelayNanos;
  private final Object mon = new Object();
  /** Blocking appends that entered and have not written yet. */
  private final AtomicInteger writing = new AtomicInteger();
  /** Blocking appends a finished force covered that have not returned yet. */
  private final AtomicInteger leaving = new AtomicInteger();
  /** End lines of blocking appends waiting and not yet covered. Guarded by mon. */
  private final PriorityQueue<Long> waiting = new PriorityQueue<>();
  private volatile Thread gatherer;
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  private long pendingRecords;
  private long oldestPendingNanos;
  private boolean flushing;
  private boolean closed;
  private volatile long durableLine;
  private IOException failure;
  private Thread syncer;

  GroupCommit(Durability durability, long durableLine, Flush flush, LongSupplier writtenLine,
      String name) {
    this.durability = durability;
    this.flush = flush;
    this.writtenLine = writtenLine;
    this.name = name;
    this.durableLine = durableLine;
    if (durability instanceof Durability.Group g) {
      this.maxRecords = g.maxRecords();
      this.maxDelayNanos = TimeUnit.MILLISECONDS.toNanos(g.maxDelayMillis());
    } else {
      this.maxRecords = 1;
      this.maxDelayNanos = 0;
    }
  }

  /** Every line below this is durable. */
  long durableLine() {
    return durableLine;
  }

  /** Blocks until every line below {@code endLine} is durable, leading a force if none runs. */
  void await(long endLine) throws IOException {
    await(endLine, null);
  }

  private void await(long endLine, boolean[] registered) throws IOException {
    boolean interrupted = false;
    try {
      while (true) {
        synchronized (mon) {
          while (true) {
            if (failure != null) {
              throw new IOException("log failed to force earlier; reopen it to recover", failure);
            }
            if (durableLine >= endLine) {
              return;
            }
            if (registered != null && !registered[0]) {
              waiting.add(endLine);
              registered[0] = true;
            }
            if (!flushing) {
              flushing = true;
              break;
            }
            try {
              mon.wait();
            } catch (InterruptedException e) {
              interrupted = true;
            }
          }
        }
        lead();
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Counts a blocking append from before it writes until it has written, so that a leader knows
   * whether a thread is about to add a line to its group. Every call must be followed by {@link
   * #awaitEntered} or, if writing failed, {@link #leave()}.
   */
  void enter() {
    writing.incrementAndGet();
  }

  /** Writes one batch and returns the line number of its first record. */
  @FunctionalInterface
  interface BatchWrite {
    long write() throws IOException;
  }

  /**
   * A blocking append of {@code count} records: counted by {@link #enter()} before it writes (so a
   * leader can wait for it), then waits until the fsync covering it. Returns the first line.
   */
  long appendBlocking(int count, BatchWrite write) throws IOException {
    enter();
    long first;
    try {
      first = write.write();
    } catch (IOException | RuntimeException | Error e) {
      leave();
      throw e;
    }
    awaitEntered(first + count);
    return first;
  }

  /**
   * An asynchronous append of {@code count} records: writes and registers them holding {@code
   * writerLock}, so futures are registered in line order. The future completes once durable.
   */
  CompletableFuture<Long> appendAsync(Lock writerLock, int count, BatchWrite write)
      throws IOException {
    writerLock.lock();
    try {
      long first = write.write();
      return submit(first, first + count);
    } finally {
      writerLock.unlock();
    }
  }

  /** Undoes {@link #enter()} for an append that failed before it could wait. */
  void leave() {
    writing.decrementAndGet();
    wakeGatherer();
  }

  /** {@link #await(long)} for a blocking append that called {@link #enter()} and has written. */
  void awaitEntered(long endLine) throws IOException {
    writing.decrementAndGet();
    wakeGatherer();
    boolean[] registered = new boolean[1];
    try {
      await(endLine, registered);
    } finally {
      if (registered[0]) {
        leaving.decrementAndGet();
        wakeGatherer();
      }
    }
  }

  private void wakeGatherer() {
    Thread g = gatherer;
    if (g != null && writing.get() == 0 && leaving.get() == 0) {
      LockSupport.unpark(g);
    }
  }

  /**
   * Under {@code GROUP}, lets the group gather before forcing, while a blocking append has entered
   * but not written yet, or the last force released threads that have not returned yet (they are
   * about to append again: forcing at once would cover only the first of them, and the rest would
   * form a second, equally small group), as long as fewer than {@code maxRecords} lines wait and
   * within {@code maxDelayMillis}. A lone writer does not wait at all; {@code SYNC} and
   * asynchronous appends (which the sync thread groups by {@code maxRecords} and {@code
   * maxDelayMillis}) never wait here.
   */
  private void gather() {
    if (!(durability instanceof Durability.Group) || maxDelayNanos == 0) {
      return;
    }
    long deadline = System.nanoTime() + maxDelayNanos;
    gatherer = Thread.currentThread();
    try {
      while ((writing.get() > 0 || leaving.get() > 0)
          && writtenLine.getAsLong() - durableLine < maxRecords) {
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

  private void lead() throws IOException {
    long reached = -1;
    IOException error = null;
    try {
      gather();
      reached = flush.flush();
    } catch (IOException | RuntimeException e) {
      error = e instanceof IOException io ? io : new IOException(e);
    }
    List<Pending> done;
    synchronized (mon) {
      flushing = false;
      if (error != null) {
        failure = error;
        done = new ArrayList<>(pending);
        pending.clear();
        pendingRecords = 0;
        leaving.addAndGet(waiting.size());
        waiting.clear();
      } else {
        done = advanceLocked(reached);
      }
      mon.notifyAll();
    }
    complete(done);
    if (error != null) {
      throw error;
    }
  }

  /** Marks every line below {@code line} durable (a roll forced them) and completes futures. */
  void advanced(long line) {
    List<Pending> done;
    synchronized (mon) {
      done = advanceLocked(line);
      mon.notifyAll();
    }
    complete(done);
  }

  private List<Pending> advanceLocked(long line) {
    if (line > durableLine) {
      durableLine = line;
    }
    while (!waiting.isEmpty() && waiting.peek() <= durableLine) {
      waiting.poll();
      leaving.incrementAndGet();
    }
    List<Pending> done = new ArrayList<>();
    while (!pending.isEmpty() && pending.peekFirst().endLine <= durableLine) {
      Pending p = pending.pollFirst();
      pendingRecords -= p.endLine - p.firstLine;
      done.add(p);
    }
    if (!pending.isEmpty()) {
      oldestPendingNanos = System.nanoTime();
    }
    return done;
  }

  private void complete(List<Pending> done) {
    IOException f;
    synchronized (mon) {
      f = failure;
    }
    for (Pending p : done) {
      if (f != null && p.endLine > durableLine) {
        p.future.completeExceptionally(
            new IOException("log failed to force; the record may not be durable", f));
      } else {
        p.future.complete(p.firstLine);
      }
    }
  }

  /**
   * Registers lines {@code [firstLine, endLine)} just written; the future completes with {@code
   * firstLine} once they are durable. Called under the writer lock, so in line order.
   */
  CompletableFuture<Long> submit(long firstLine, long endLine) {
    CompletableFuture<Long> f = new CompletableFuture<>();
    synchronized (mon) {
      if (failure != null) {
        f.completeExceptionally(
            new IOException("log failed to force earlier; reopen it to recover", failure));
        return f;
      }
      if (closed) {
        f.completeExceptionally(new IllegalStateException("log is closed"));
        return f;
      }
      boolean wasEmpty = pending.isEmpty();
      pending.addLast(new Pending(firstLine, endLine, f));
      pendingRecords += endLine - firstLine;
      if (wasEmpty) {
        oldestPendingNanos = System.nanoTime();
      }
      if (syncer == null) {
        syncer = new Thread(this::syncLoop, "linebase-log-sync " + name);
        syncer.setDaemon(true);
        syncer.start();
      }
      if (wasEmpty || pendingRecords >= maxRecords) {
        mon.notifyAll();
      }
    }
    return f;
  }

  private void syncLoop() {
    while (true) {
      long target;
      synchronized (mon) {
        while (true) {
          if (pending.isEmpty()) {
            if (closed || failure != null) {
              return;
            }
            waitQuietly(0);
            continue;
          }
          long wait = pendingRecords >= maxRecords || closed
              ? 0 : oldestPendingNanos + maxDelayNanos - System.nanoTime();
          if (wait <= 0) {
            target = pending.peekLast().endLine;
            break;
          }
          waitQuietly(wait);
        }
      }
      try {
        await(target);
      } catch (IOException e) {
        // Recorded as the failure; every pending future was failed.
      }
    }
  }

  private void waitQuietly(long nanos) {
    try {
      if (nanos <= 0) {
        mon.wait();
      } else {
        mon.wait(nanos / 1_000_000, (int) (nanos % 1_000_000));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Lets pending asynchronous records be forced, then stops the sync thread. */
  @Override
  public void close() {
    Thread t;
    synchronized (mon) {
      closed = true;
      mon.notifyAll();
      t = syncer;
    }
    if (t != null) {
      boolean interrupted = false;
      while (true) {
        try {
          t.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
