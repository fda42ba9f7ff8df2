package dev.linebase.bench.core;

import dev.linebase.bench.BenchData;
import dev.linebase.bench.Rate;
import dev.linebase.bench.Report;
import dev.linebase.bench.peers.AppendRead;
import dev.linebase.log.LogConfig;
import dev.linebase.log.LogReader;
import dev.linebase.log.SegmentedLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code SegmentedLog} workloads of {@code bench/run core}, each in a fresh directory under
 * the bench directory and followed by a read-back of everything appended: a counted run of
 * appends from one thread; appends from N threads each blocking on its own append for a bounded
 * time; and {@code appendAsync} for a bounded time, waiting for every future. Stateless.
 */
final class LogWorkloads {
  private LogWorkloads() {}

  /** Appends {@code count} records from one thread (cycling the pool), then reads them back. */
  static AppendRead appendCount(
      Report report, String name, LogConfig config, byte[][] records, long count)
      throws IOException {
    Path dir = BenchData.freshDir("core-log");
    try {
      Rate append;
      try (SegmentedLog log = SegmentedLog.open(dir, config)) {
        prime(report, name, log, records);
        int p = 1;
        long start = System.nanoTime();
        for (long i = 0; i < count; i++) {
          log.append(records[p]);
          if (++p == records.length) {
            p = 0;
          }
        }
        append = new Rate(name, count, System.nanoTime() - start);
        return new AppendRead(append, readBack(name, log, count + 1, records));
      }
    } finally {
      BenchData.deleteRecursively(dir);
    }
  }

  /**
   * {@code threads} threads each append (blocking until the append is acknowledged under the
   * policy) for {@code seconds}; then everything is read back.
   */
  static AppendRead appendBlocking(
      Report report, String name, LogConfig config, byte[][] records, int threads, double seconds)
      throws IOException, InterruptedException {
    return appendBlocking(
        report, name, config, records, threads, seconds, BenchData.freshDir("core-log"));
  }

  /** {@link #appendBlocking} in {@code dir} (emptied first, deleted after). */
  static AppendRead appendBlocking(Report report, String name, LogConfig config,
      byte[][] records, int threads, double seconds, Path dir)
      throws IOException, InterruptedException {
    BenchData.deleteRecursively(dir);
    Files.createDirectories(dir);
    try {
      Rate append;
      long total;
      try (SegmentedLog log = SegmentedLog.open(dir, config)) {
        prime(report, name, log, records);
        AtomicLong appended = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(threads);
        long[] deadline = new long[1];
        for (int t = 0; t < threads; t++) {
          int first = t;
          Thread th = new Thread(() -> {
            long n = 0;
            try {
              ready.countDown();
              go.await();
              int p = first % records.length;
              while (System.nanoTime() < deadline[0]) {
                log.append(records[p]);
                n++;
                if (++p == records.length) {
                  p = 0;
                }
              }
            } catch (IOException | InterruptedException | RuntimeException e) {
              failures.incrementAndGet();
              e.printStackTrace();
            } finally {
              appended.addAndGet(n);
              done.countDown();
            }
          }, "bench-appender-" + t);
          th.setDaemon(true);
          th.start();
        }
        ready.await();
        long forces0 = log.groupForces();
        long start = System.nanoTime();
        deadline[0] = start + (long) (seconds * 1e9);
        go.countDown(); // happens-before: deadline is visible to the threads after await()
        done.await();
        long nanos = System.nanoTime() - start;
        if (failures.get() > 0) {
          throw new IllegalStateException(failures.get() + " appender threads failed");
        }
        total = appended.get();
        append = new Rate(name, total, nanos);
        reportForces(report, name, log.groupForces() - forces0, total, nanos);
        return new AppendRead(append, readBack(name, log, total + 1, null));
      }
    } finally {
      BenchData.deleteRecursively(dir);
    }
  }

  /**
   * One thread calls {@code appendAsync} for at most {@code seconds} or {@code maxCount}
   * records and waits for every future: each when its slot in a ring of the last {@value #RING}
   * futures is reused, the rest at the end; the rate counts until the last future completed. (The
   * ring keeps a million completed futures from filling the heap, which would time the garbage
   * collector, not the log.)
   */
  static AppendRead appendAsync(
      Report report, String name, LogConfig config, byte[][] records, long maxCount,
      double seconds) throws IOException {
    Path dir = BenchData.freshDir("core-log");
    try {
      Rate append;
      try (SegmentedLog log = SegmentedLog.open(dir, config)) {
        prime(report, name, log, records);
        CompletableFuture<?>[] futures = new CompletableFuture<?>[RING];
        int p = 1;
        long n = 0;
        long forces0 = log.groupForces();
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        while (n < maxCount && ((n & 1023) != 0 || System.nanoTime() < deadline)) {
          int slot = (int) (n & (RING - 1));
          if (futures[slot] != null) {
            futures[slot].join();
          }
          futures[slot] = log.appendAsync(records[p]);
          n++;
          if (++p == records.length) {
            p = 0;
          }
        }
        for (CompletableFuture<?> f : futures) {
          if (f != null) {
            f.join();
          }
        }
        long nanos = System.nanoTime() - start;
        append = new Rate(name, n, nanos);
        reportForces(report, name, log.groupForces() - forces0, n, nanos);
        return new AppendRead(append, readBack(name, log, n + 1L, records));
      }
    } finally {
      BenchData.deleteRecursively(dir);
    }
  }

  private static final int RING = 1 << 16;

  private static void reportForces(Report report, String name, long forces, long lines,
      long nanos) {
    if (report != null && forces > 0) {
      report.measure("  fsyncs of: " + name, String.format(Locale.ROOT,
          "%.0f/s", forces / (nanos / 1e9)), String.format(Locale.ROOT,
          "%.1f lines per fsync", (double) lines / forces));
    }
  }

  /**
   * Appends {@code records[0]} before the clock starts: the first append to a fresh log creates
   * and preallocates its segment (and, under a durable policy, forces that), which is not the
   * steady state the rates are about. Its time is reported as a row of its own.
   */
  private static void prime(Report report, String name, SegmentedLog log, byte[][] records)
      throws IOException {
    long start = System.nanoTime();
    log.append(records[0]);
    long nanos = System.nanoTime() - start;
    if (report != null) {
      report.measure("  first append to a fresh log: " + name, CompareMain.ms(nanos),
          "untimed above: creates and preallocates the segment");
    }
  }

  /**
   * Reads every line from 0 with one reader of the (still open) log; checks the count, and when
   * the records went in from one thread in pool order, the content of the first and last lines.
   */
  private static Rate readBack(String name, SegmentedLog log, long expected, byte[][] records)
      throws IOException {
    long n = 0;
    long bytes = 0;
    long start = System.nanoTime();
    try (LogReader r = log.reader(0)) {
      while (r.next()) {
        bytes += r.bytes().length;
        n++;
      }
    }
    long nanos = System.nanoTime() - start;
    if (n != expected || bytes != expected * BenchData.RECORD_BYTES) {
      throw new IllegalStateException(name + ": read back " + n + " lines / " + bytes
          + " bytes, expected " + expected + " / " + expected * BenchData.RECORD_BYTES);
    }
    if (records != null && expected > 0) {
      for (long line : new long[] {0, expected - 1}) {
        try (LogReader r = log.reader(line)) {
          if (!r.next() || !Arrays.equals(r.bytes(), records[(int) (line % records.length)])) {
            throw new IllegalStateException(name + ": line " + line + " reads back wrong");
          }
        }
      }
    }
    return new Rate("  read back: " + name, n, nanos);
  }
}
