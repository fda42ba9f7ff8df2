package dev.linebase.bench.core;

import dev.linebase.bench.Rate;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The fastest a group commit of {@code threads} blocking callers can be on this machine when the
 * force costs nothing: a textbook model with no I/O, no bytes and no Linebase code. Each caller
 * takes a number, wakes the committer and parks until a commit covers its number; the committer
 * covers everything taken so far at once and wakes every caller it covered.
 *
 * <p>Why it is measured: with 64 callers each blocking on its own append, every line costs one
 * park and one wake-up of its thread, whatever the disk does. On a machine where a context
 * switch is expensive (a 2-vCPU VM), that alone can cap the rate below what the disk would
 * allow; this model shows the cap in the same run, beside the log's own figure.
 */
final class WakeupCeiling {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition work = lock.newCondition();
  private final Condition covered = lock.newCondition();
  private long taken;
  private long committed;
  private boolean running = true;
  private long commits;

  private WakeupCeiling() {}

  /** Runs {@code threads} callers for {@code seconds}; the rate counts covered calls. */
  static Rate run(String name, int threads, double seconds) throws InterruptedException {
    WakeupCeiling m = new WakeupCeiling();
    Thread committer = new Thread(m::commitLoop, "ceiling-committer");
    committer.setDaemon(true);
    committer.start();
    AtomicLong calls = new AtomicLong();
    CountDownLatch ready = new CountDownLatch(threads);
    CountDownLatch go = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(threads);
    long[] deadline = new long[1];
    for (int t = 0; t < threads; t++) {
      Thread th = new Thread(() -> {
        long n = 0;
        try {
          ready.countDown();
          go.await();
          while (System.nanoTime() < deadline[0]) {
            m.call();
            n++;
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          calls.addAndGet(n);
          done.countDown();
        }
      }, "ceiling-caller-" + t);
      th.setDaemon(true);
      th.start();
    }
    ready.await();
    long start = System.nanoTime();
    deadline[0] = start + (long) (seconds * 1e9);
    go.countDown(); // happens-before: the deadline is visible to the callers after await()
    done.await();
    long nanos = System.nanoTime() - start;
    m.stop();
    committer.join();
    return new Rate(name, calls.get(), nanos);
  }

  private void call() throws InterruptedException {
    lock.lock();
    try {
      long mine = ++taken;
      work.signal();
      while (committed < mine) {
        covered.await();
      }
    } finally {
      lock.unlock();
    }
  }

  private void commitLoop() {
    lock.lock();
    try {
      while (running) {
        if (taken == committed) {
          work.awaitUninterruptibly();
          continue;
        }
        committed = taken; // the force, which costs nothing here
        commits++;
        covered.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  private void stop() {
    lock.lock();
    try {
      running = false;
      work.signal();
    } finally {
      lock.unlock();
    }
  }
}
