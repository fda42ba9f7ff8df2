package dev.linebase.log;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * Takes the page faults of a {@link MappedAppender}'s mapping on a background thread, a little
 * ahead of the writer, so that the writer's copies land on pages that are already mapped.
 *
 * <p>Why: the first write to each 4 KiB page of a fresh file mapping is a page fault in which the
 * kernel allocates and zeroes a page-cache page and the file system reserves its block. At 100
 * bytes per line that is one fault per ~40 appends and, measured on this project's 2-core VM, more
 * than half of an append's cost. Moving the faults to another core is what Chronicle Queue's
 * "pretoucher" does too.
 *
 * <p>How a page is touched without a race: {@code getAndAdd(0L)} on the page's first aligned
 * {@code long}. It is an atomic read-modify-write, so the CPU needs the page writable (the fault
 * happens here, not in the writer), and it writes back exactly the value it read, atomically, so
 * it can never undo a byte the writer stored at the same moment. The touched range may therefore
 * overlap what the writer is writing.
 *
 * <p>The window ahead of the writer starts at 64 KiB and doubles on each request up to 8 MiB, so a
 * log that receives a few lines touches a few pages, and a log written at full speed stays ahead.
 *
 * <p>Thread safety: {@link #request} is called by the writer (under the log's writer lock); {@link
 * #stop()} by the writer before the mapped file is truncated (a truncated mapping would fault with
 * {@code SIGBUS}); the touching runs on one daemon thread shared by every log in the JVM. All
 * state is guarded by this object's monitor except the touching itself.
 */
final class PageToucher implements Runnable {
  static final int PAGE_BYTES = 4096;
  static final long FIRST_WINDOW_BYTES = 64L << 10;
  static final long MAX_WINDOW_BYTES = 8L << 20;

  private static final VarHandle LONGS =
      MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

  /** One daemon thread for the JVM: page faults are cheap to queue and need no parallelism. */
  private static final class Shared {
    static final Executor EXECUTOR = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "linebase-pretouch");
      t.setDaemon(true);
      return t;
    });
  }

  private MappedByteBuffer buf;
  private long bufStart;
  private long touchedTo;
  private long requestedTo;
  private long windowBytes = FIRST_WINDOW_BYTES;
  private boolean scheduled;
  private boolean running;
  private boolean stopped;

  /**
   * Asks for the pages of {@code [from, from + window)} of the file, clipped to the mapping
   * {@code buf} (which maps the file from byte {@code bufStart}), to be touched. Returns the file
   * offset at which the writer should ask again.
   */
  synchronized long request(MappedByteBuffer buf, long bufStart, long from) {
    if (stopped) {
      return Long.MAX_VALUE;
    }
    if (this.buf != buf) {
      this.buf = buf;
      this.bufStart = bufStart;
      touchedTo = from;
      requestedTo = from;
    }
    long end = bufStart + buf.capacity();
    long to = Math.min(end, Math.max(from, touchedTo) + windowBytes);
    requestedTo = Math.max(requestedTo, to);
    windowBytes = Math.min(MAX_WINDOW_BYTES, windowBytes * 2);
    if (!scheduled && requestedTo > touchedTo) {
      scheduled = true;
      Shared.EXECUTOR.execute(this);
    }
    return to >= end ? Long.MAX_VALUE : from + (to - from) / 2;
  }

  @Override
  public void run() {
    boolean ended = false;
    try {
      while (touchNext()) {
        // until nothing is left to touch or stop() was called
      }
      ended = true;
    } finally {
      if (!ended) {
        synchronized (this) {
          stopped = true; // a failed touch (a bug) must not leave stop() waiting forever
          scheduled = false;
          running = false;
          notifyAll();
        }
      }
    }
  }

  /** Touches the pages requested so far; false when there is nothing (left) to do. */
  private boolean touchNext() {
    MappedByteBuffer b;
    long start;
    long from;
    long to;
    synchronized (this) {
      if (stopped || requestedTo <= touchedTo) {
        scheduled = false;
        running = false;
        notifyAll();
        return false;
      }
      running = true;
      b = buf;
      start = bufStart;
      from = touchedTo;
      to = requestedTo;
    }
    // First whole page at or after `from`; the mapping's address is congruent to its file offset
    // modulo the page size, so a page-aligned file offset is an 8-aligned address.
    long last = Math.min(to, start + b.capacity()) - Long.BYTES;
    for (long page = (from + PAGE_BYTES - 1) & -PAGE_BYTES; page <= last; page += PAGE_BYTES) {
      if ((page & (64 * PAGE_BYTES - 1)) == 0 && isStopped()) {
        break; // the next touchNext() ends the task
      }
      LONGS.getAndAdd(b, (int) (page - start), 0L);
    }
    synchronized (this) {
      if (b == buf) {
        touchedTo = Math.max(touchedTo, to);
      }
    }
    return true;
  }

  private synchronized boolean isStopped() {
    return stopped;
  }

  /** For tests: waits until every page requested so far is touched (or touching has stopped). */
  synchronized void awaitIdle() throws InterruptedException {
    while (scheduled) {
      wait();
    }
  }

  /** Stops touching and waits until no touch is in progress; later requests do nothing. */
  synchronized void stop() {
    stopped = true;
    boolean interrupted = false;
    while (running) {
      try {
        wait();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
