package dev.linebase.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.linebase.io.Durability;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Acknowledgement semantics of group commit, against a scripted force. */
class GroupCommitTest {

  /** A "log" whose written end the test sets and whose force the test can hold. */
  private static final class FakeLog implements GroupCommit.Flush {
    final AtomicLong written = new AtomicLong();
    final AtomicInteger flushes = new AtomicInteger();
    volatile CountDownLatch hold = new CountDownLatch(0);
    final CountDownLatch entered = new CountDownLatch(1);
    volatile IOException fail;

    @Override
    public long flush() throws IOException {
      long end = written.get();
      entered.countDown();
      try {
        hold.await();
      } catch (InterruptedException e) {
        throw new IOException(e);
      }
      if (fail != null) {
        throw fail;
      }
      flushes.incrementAndGet();
      return end;
    }
  }

  @Test
  void asyncFuturesCompleteOnlyAfterTheCoveringForce() throws Exception {
    FakeLog log = new FakeLog();
    log.hold = new CountDownLatch(1);
    try (GroupCommit g = new GroupCommit(Durability.group(1, 0), 0, log, log.written::get, "test")) {
      log.written.set(3);
      CompletableFuture<Long> f = g.submit(0, 3);
      assertThat(log.entered.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(f).as("force still running").isNotDone();
      assertThat(g.durableLine()).isZero();
      log.hold.countDown();
      assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo(0L);
      assertThat(g.durableLine()).isEqualTo(3);
    }
  }

  @Test
  void maxRecordsClosesAGroupBeforeMaxDelay() throws Exception {
    FakeLog log = new FakeLog();
    try (GroupCommit g = new GroupCommit(Durability.group(10, 60_000), 0, log, log.written::get, "test")) {
      List<CompletableFuture<Long>> fs = new ArrayList<>();
      for (int i = 0; i < 9; i++) {
        log.written.set(i + 1);
        fs.add(g.submit(i, i + 1));
      }
      assertThat(log.entered.await(200, TimeUnit.MILLISECONDS))
          .as("9 < maxRecords records wait for the delay").isFalse();
      log.written.set(10);
      fs.add(g.submit(9, 10));
      for (int i = 0; i < 10; i++) {
        assertThat(fs.get(i).get(10, TimeUnit.SECONDS)).isEqualTo((long) i);
      }
      assertThat(log.flushes.get()).isEqualTo(1);
    }
  }

  @Test
  void maxDelayClosesASmallGroup() throws Exception {
    FakeLog log = new FakeLog();
    try (GroupCommit g = new GroupCommit(Durability.group(1000, 20), 0, log, log.written::get, "test")) {
      log.written.set(1);
      long t0 = System.nanoTime();
      CompletableFuture<Long> f = g.submit(0, 1);
      assertThat(f.get(10, TimeUnit.SECONDS)).isZero();
      assertThat(System.nanoTime() - t0).as("waited for maxDelayMillis")
          .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(15));
    }
  }

  @Test
  void blockedCallersShareForces() throws Exception {
    FakeLog log = new FakeLog();
    log.hold = new CountDownLatch(1);
    try (GroupCommit g = new GroupCommit(Durability.GROUP, 0, log, log.written::get, "test")) {
      int threads = 16;
      List<Thread> ts = new ArrayList<>();
      AtomicInteger done = new AtomicInteger();
      for (int t = 0; t < threads; t++) {
        long line = log.written.incrementAndGet();
        Thread th = new Thread(() -> {
          try {
            g.await(line);
            done.incrementAndGet();
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
        th.start();
        ts.add(th);
      }
      assertThat(log.entered.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(done.get()).as("nobody returns before the force ends").isZero();
      log.hold.countDown();
      for (Thread th : ts) {
        th.join();
      }
      assertThat(done.get()).isEqualTo(threads);
      assertThat(log.flushes.get()).as("one leader force covered everyone written before it")
          .isLessThanOrEqualTo(2);
    }
  }

  /**
   * Lines written after a force started are not covered by it: their threads stay parked, and the
   * first of them leads the next force as soon as the leader's force ends.
   */
  @Test
  void anUncoveredWaiterLeadsTheNextForce() throws Exception {
    FakeLog log = new FakeLog();
    log.hold = new CountDownLatch(1);
    // Threads of its own: the common pool may have a single worker (2 CPUs), and these block.
    ExecutorService threads = Executors.newCachedThreadPool();
    try (GroupCommit g = new GroupCommit(Durability.SYNC, 0, log, log.written::get, "test")) {
      log.written.set(1);
      CompletableFuture<Void> leader =
          CompletableFuture.runAsync(() -> awaitQuietly(g, 1), threads);
      assertThat(log.entered.await(10, TimeUnit.SECONDS)).isTrue(); // its force covers line 0
      List<CompletableFuture<Void>> late = new ArrayList<>();
      for (long end = 2; end <= 5; end++) {
        log.written.set(end);
        long e = end;
        late.add(CompletableFuture.runAsync(() -> awaitQuietly(g, e), threads));
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (g.waitingCount() < late.size() && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(g.waitingCount()).as("the late callers park behind the running force").isEqualTo(4);
      assertThat(late).as("nobody returns before a force covers them").noneMatch(f -> f.isDone());
      log.hold.countDown();
      leader.get(10, TimeUnit.SECONDS);
      CompletableFuture.allOf(late.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
      assertThat(g.durableLine()).isEqualTo(5);
      assertThat(log.flushes.get()).as("the first force, then one led by a late waiter for all")
          .isEqualTo(2);
      assertThat(g.forces()).isEqualTo(log.flushes.get());
    } finally {
      log.hold.countDown(); // never leave a thread blocked in the fake force
      threads.shutdown();
    }
  }

  private static void awaitQuietly(GroupCommit g, long endLine) {
    try {
      g.await(endLine);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void theLeaderWaitsForAppendsThatEnteredButHaveNotWrittenYet() throws Exception {
    FakeLog log = new FakeLog();
    try (GroupCommit g = new GroupCommit(Durability.group(100, 60_000), 0, log,
        log.written::get, "test")) {
      g.enter(); // A
      g.enter(); // B
      log.written.set(1);
      AtomicInteger returned = new AtomicInteger();
      Thread a = new Thread(() -> {
        try {
          g.awaitEntered(1);
          returned.incrementAndGet();
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      a.start();
      assertThat(log.entered.await(200, TimeUnit.MILLISECONDS))
          .as("B has entered but not written: the group is still gathering").isFalse();
      log.written.set(2);
      g.awaitEntered(2);
      a.join();
      assertThat(returned.get()).isEqualTo(1);
      assertThat(log.flushes.get()).as("one force for A and B").isEqualTo(1);
      g.enter();
      log.written.set(3);
      g.awaitEntered(3);
      assertThat(log.flushes.get()).as("a lone writer forces at once").isEqualTo(2);
    }
  }

  @Test
  void aFailedForceFailsWaitersFuturesAndEveryLaterCall() throws Exception {
    FakeLog log = new FakeLog();
    log.fail = new IOException("disk on fire");
    try (GroupCommit g = new GroupCommit(Durability.SYNC, 0, log, log.written::get, "test")) {
      log.written.set(1);
      CompletableFuture<Long> f = g.submit(0, 1);
      assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasRootCauseMessage("disk on fire");
      log.fail = null;
      assertThatThrownBy(() -> g.await(1)).isInstanceOf(IOException.class)
          .hasMessageContaining("reopen");
      assertThat(g.submit(1, 2)).isCompletedExceptionally();
    }
  }

  @Test
  void rollAdvancesDurabilityWithoutAForce() throws Exception {
    FakeLog log = new FakeLog();
    try (GroupCommit g = new GroupCommit(Durability.group(1000, 60_000), 0, log, log.written::get, "test")) {
      CompletableFuture<Long> f = g.submit(0, 5);
      g.advanced(5);
      assertThat(f.get(10, TimeUnit.SECONDS)).isZero();
      g.await(5);
      assertThat(log.flushes.get()).isZero();
    }
  }
}
