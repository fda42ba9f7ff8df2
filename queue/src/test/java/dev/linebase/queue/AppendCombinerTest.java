package dev.linebase.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AppendCombinerTest {

  private static byte[] rec(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aSingleThreadAppendsEachRecordAloneWithoutBatches() throws IOException {
    List<String> written = new ArrayList<>();
    AtomicInteger batches = new AtomicInteger();
    AppendCombiner c = new AppendCombiner(records -> batches.incrementAndGet(),
        r -> written.add(new String(r, StandardCharsets.UTF_8)));
    for (int i = 0; i < 100; i++) {
      c.append(rec("r" + i));
    }
    assertThat(batches).hasValue(0);
    assertThat(written).hasSize(100).startsWith("r0", "r1").endsWith("r99");
  }

  @Test
  void aFailedSingleAppendFailsOnlyItsCaller() throws IOException {
    List<String> written = new ArrayList<>();
    AppendCombiner c = new AppendCombiner(records -> {
      throw new AssertionError("no batch expected");
    }, r -> {
      String s = new String(r, StandardCharsets.UTF_8);
      if (s.equals("bad")) {
        throw new IOException("disk full");
      }
      written.add(s);
    });
    c.append(rec("a"));
    assertThatThrownBy(() -> c.append(rec("bad"))).isInstanceOf(IOException.class)
        .hasMessageContaining("disk full");
    c.append(rec("b"));
    assertThat(written).containsExactly("a", "b");
  }

  @Test
  void concurrentAppendsLandExactlyOnceInEachThreadsOrder() throws Exception {
    int threads = 8;
    int perThread = 3_000;
    List<String> written = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger batches = new AtomicInteger();
    AtomicInteger singles = new AtomicInteger();
    AppendCombiner c = new AppendCombiner(records -> {
      batches.incrementAndGet();
      for (byte[] r : records) {
        written.add(new String(r, StandardCharsets.UTF_8));
      }
    }, r -> {
      singles.incrementAndGet();
      written.add(new String(r, StandardCharsets.UTF_8));
    });
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < perThread; i++) {
            c.append(rec(thread + ":" + i));
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(written).hasSize(threads * perThread).doesNotHaveDuplicates();
    int[] next = new int[threads];
    for (String w : written) {
      String[] parts = w.split(":");
      int t = Integer.parseInt(parts[0]);
      assertThat(Integer.parseInt(parts[1])).as("order of thread %d", t).isEqualTo(next[t]);
      next[t]++;
    }
    assertThat(batches.get() + singles.get()).isPositive();
  }

  @Test
  void aFailedBatchFailsEveryRecordInItAndTheCombinerGoesOn() throws Exception {
    CountDownLatch inFirst = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<String> written = Collections.synchronizedList(new ArrayList<>());
    AppendCombiner c = new AppendCombiner(records -> {
      throw new IOException("batch of " + records.size() + " failed");
    }, r -> {
      String s = new String(r, StandardCharsets.UTF_8);
      if (s.equals("first")) {
        inFirst.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      written.add(s);
    });
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<?> first = pool.submit(() -> {
        c.append(rec("first"));
        return null;
      });
      assertThat(inFirst.await(30, TimeUnit.SECONDS)).isTrue();
      // The first append holds the write lock: this one joins the open batch and waits.
      Future<?> second = pool.submit(() -> {
        c.append(rec("second"));
        return null;
      });
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!c.hasWaiting() && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(c.hasWaiting()).isTrue();
      release.countDown();
      first.get(30, TimeUnit.SECONDS);
      assertThatThrownBy(() -> second.get(30, TimeUnit.SECONDS))
          .hasCauseInstanceOf(IOException.class).hasMessageContaining("batch of 1 failed");
    } finally {
      pool.shutdownNow();
    }
    c.append(rec("third"));
    assertThat(written).containsExactly("first", "third");
  }
}
