package dev.linebase.log;

import dev.linebase.io.Durability;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
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
 * forces everything written so far, its own lines and any other thread's. Otherwise it parks. When
 * the force ends, the leader unparks each waiter it covered (a waiter learns its fate from its own
 * {@code Waiter}, so it never re-takes the monitor) and hands the next force to the first waiter
 * still uncovered, which gathers the released threads' next appends before forcing. With 64
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

  /**
   * A thread parked until a force covers {@code endLine}. The leader decides its fate ({@code
   * state}) and unparks it: no waiter ever re-takes the monitor to find out, so releasing 64
   * waiters costs 64 unparks, not 64 monitor hand-offs.
   */
  private static final class Waiter {
    static final int WAITING = 0;
    static final int DONE = 1;
    static final int LEAD = 2;
    static final int FAILED = 3;

    final long endLine;
    final Thread thread = Thread.currentThread();
    final boolean blockingAppend;
    volatile int state;

    Waiter(long endLine, boolean blockingAppend) {
      this.endLine = endLine;
      this.blockingAppend = blockingAppend;
    }
  }

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
  /** Threads parked until a force covers them, in arrival order. Guarded by mon. */
  private final List<Waiter> waiting = new ArrayList<>();
  private volatile Thread gatherer;
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  private long pendingRecords;
  private long oldestPendingNanos;
  private boolean flushing;
  private boolean closed;
  private boolean syncerWaiting;
  private long forces;
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

  /** Threads parked waiting for a force (for tests). */
  int waitingCount() {
    synchronized (mon) {
      return waiting.size();
    }
  }

  /** Forces run so far. */
  long forces() {
    synchronized (mon) {
      return forces;
    }
  }

  /** Blocks until every line below {@code endLine} is durable, leading a force if none runs. */
  void await(long endLine) throws IOException {
    await(endLine, false);
  }

  private void await(long endLine, boolean blockingAppend) throws IOException {
    Waiter w = null;
    synchronized (mon) {
      if (failure != null) {
        throw new IOException("log failed to force earlier; reopen it to recover", failure);
      }
      if (durableLine >= endLine) {
        return;
      }
      if (flushing) {
        w = new Waiter(endLine, blockingAppend);
        waiting.add(w);
      } else {
        flushing = true;
      }
    }
    if (w != null) {
      int state = park(w);
      if (w.blockingAppend && state != Waiter.LEAD) {
        left();
      }
      if (state == Waiter.DONE) {
        return;
      }
      if (state == Waiter.FAILED) {
        synchronized (mon) {
          throw new IOException("log failed to force; the record may not be durable", failure);
        }
      }
      // Waiter.LEAD: the previous leader handed the next force to this thread.
    }
    lead(endLine);
  }

  /** Parks until the leader decides; an interrupt is kept for the caller, not acted on. */
  private int park(Waiter w) {
    boolean interrupted = false;
    int state;
    while ((state = w.state) == Waiter.WAITING) {
      LockSupport.park(this);
      if (Thread.interrupted()) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return state;
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
    await(endLine, true);
  }

  /** A released blocking append is on its way back to the caller (who may append again). */
  private void left() {
    leaving.decrementAndGet();
    wakeGatherer();
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

  /**
   * Runs forces until {@code endLine} is durable (one, unless a roll raced with it), then hands
   * the next force to the first waiter still uncovered, or lets the next caller lead.
   */
  private void lead(long endLine) throws IOException {
    while (true) {
      long reached = -1;
      IOException error = null;
      try {
        gather();
        reached = flush.flush();
      } catch (IOException | RuntimeException e) {
        error = e instanceof IOException io ? io : new IOException(e);
      }
      List<Waiter> released = new ArrayList<>();
      List<Pending> done;
      Waiter next = null;
      boolean again = false;
      synchronized (mon) {
        forces++;
        if (error != null) {
          failure = error;
          done = new ArrayList<>(pending);
          pending.clear();
          pendingRecords = 0;
          released.addAll(waiting);
          waiting.clear();
          flushing = false;
        } else {
          done = advanceLocked(reached, released);
          if (durableLine < endLine) {
            again = true;
          } else if (waiting.isEmpty()) {
            flushing = false;
          } else {
            next = waiting.remove(0);
          }
        }
      }
      release(released, error == null ? Waiter.DONE : Waiter.FAILED);
      if (next != null) {
        next.state = Waiter.LEAD;
        LockSupport.unpark(next.thread);
      }
      complete(done);
      if (error != null) {
        throw error;
      }
      if (!again) {
        return;
      }
    }
  }

  private void release(List<Waiter> released, int state) {
    for (Waiter w : released) {
      if (w.blockingAppend) {
        leaving.incrementAndGet(); // before it runs, so that a gathering leader waits for it
      }
    }
    for (Waiter w : released) {
      w.state = state;
      LockSupport.unpark(w.thread);
    }
  }

  /** Marks every line below {@code line} durable (a roll forced them) and completes futures. */
  void advanced(long line) {
    List<Pending> done;
    List<Waiter> released = new ArrayList<>();
    synchronized (mon) {
      done = advanceLocked(line, released);
    }
    release(released, Waiter.DONE);
    complete(done);
  }

  /** Moves waiters now covered into {@code released}; returns the futures now covered. */
  private List<Pending> advanceLocked(long line, List<Waiter> released) {
    if (line > durableLine) {
      durableLine = line;
    }
    int kept = 0;
    for (int i = 0; i < waiting.size(); i++) {
      Waiter w = waiting.get(i);
      if (w.endLine <= durableLine) {
        released.add(w);
      } else {
        waiting.set(kept++, w);
      }
    }
    waiting.subList(kept, waiting.size()).clear();
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
      if (syncerWaiting && (wasEmpty || pendingRecords >= maxRecords)) {
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
    syncerWaiting = true;
    try {
      if (nanos <= 0) {
        mon.wait();
      } else {
        mon.wait(nanos / 1_000_000, (int) (nanos % 1_000_000));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      syncerWaiting = false;
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
