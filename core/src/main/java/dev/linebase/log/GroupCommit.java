package dev.linebase.log;

import dev.linebase.io.Durability;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Group commit for {@link Durability.Group} and {@link Durability#SYNC}: decides when the log is
 * forced and who waits for what.
 *
 * <p><b>Blocking appends</b> (leader/follower): a thread whose lines are written calls {@link
 * #await(long)}. If no force is running it becomes the leader and forces at once everything
 * written so far, its own lines and any other thread's; otherwise it waits, and when the running
 * force ends, one of the threads still uncovered leads the next one. So while one fsync runs, the
 * lines of all threads that arrive meanwhile form the next group: with 64 threads blocked on their
 * own appends each fsync covers about 63 of them. The group's limits are ceilings, not floors:
 * delaying a force while the device is idle and a caller is blocked would only add latency.
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
  private final String name;
  private final int maxRecords;
  private final long maxDelayNanos;
  private final Object mon = new Object();
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  private long pendingRecords;
  private long oldestPendingNanos;
  private boolean flushing;
  private boolean closed;
  private volatile long durableLine;
  private IOException failure;
  private Thread syncer;

  GroupCommit(Durability durability, long durableLine, Flush flush, String name) {
    this.durability = durability;
    this.flush = flush;
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

  private void lead() throws IOException {
    long reached = -1;
    IOException error = null;
    try {
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
