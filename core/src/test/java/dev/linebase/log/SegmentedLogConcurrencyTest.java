package dev.linebase.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.linebase.io.Durability;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many threads appending (and reading) at once, in both writer modes. */
class SegmentedLogConcurrencyTest {
  private static final int THREADS = 8;
  private static final int PER_THREAD = Integer.getInteger("linebase.concurrency.appends", 400);

  @TempDir Path dir;

  record Rec(int t, int i) {}

  private void appendFromThreads(SegmentedLog log, boolean async) throws Exception {
    ConcurrentLinkedQueue<long[]> acks = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int tt = t;
      Thread th = new Thread(() -> {
        try {
          start.await();
          List<CompletableFuture<Long>> fs = new ArrayList<>();
          for (int i = 0; i < PER_THREAD; i++) {
            byte[] rec = ("{\"t\":" + tt + ",\"i\":" + i + "}").getBytes();
            if (async) {
              fs.add(log.appendAsync(rec));
            } else if (i % 10 == 0) {
              long first = log.appendAll(List.of(rec, ("{\"t\":" + tt + ",\"i\":" + (i + 1)
                  + "}").getBytes()));
              acks.add(new long[] {tt, i, first});
              acks.add(new long[] {tt, i + 1, first + 1});
              i++;
              continue;
            } else {
              acks.add(new long[] {tt, i, log.append(rec)});
            }
          }
          for (int i = 0; i < fs.size(); i++) {
            acks.add(new long[] {tt, i, fs.get(i).get(30, TimeUnit.SECONDS)});
          }
        } catch (Throwable e) {
          errors.add(e);
        }
      });
      th.start();
      threads.add(th);
    }
    start.countDown();
    for (Thread th : threads) {
      th.join();
    }
    assertThat(errors).isEmpty();
    assertThat(acks).hasSize(THREADS * PER_THREAD);

    // Line numbers are unique and dense, and each line holds what its ack says.
    Map<Long, long[]> byLine = new HashMap<>();
    for (long[] a : acks) {
      assertThat(byLine.put(a[2], a)).as("line %d acknowledged twice", a[2]).isNull();
    }
    assertThat(byLine.keySet()).allMatch(l -> l >= 0 && l < (long) THREADS * PER_THREAD);
    int[] nextPerThread = new int[THREADS];
    try (LogReader r = log.reader(0)) {
      for (long line = 0; line < (long) THREADS * PER_THREAD; line++) {
        assertThat(r.next()).as("line %d", line).isTrue();
        Rec rec = r.value(Rec.class);
        long[] ack = byLine.get(line);
        assertThat(new long[] {rec.t(), rec.i()}).isEqualTo(new long[] {ack[0], ack[1]});
        // per-thread order
        assertThat(rec.i()).isEqualTo(nextPerThread[rec.t()]);
        nextPerThread[rec.t()]++;
      }
      assertThat(r.next()).isFalse();
    }
  }

  @Test
  void exclusiveBlockingAppendersUnderGroup() throws Exception {
    try (SegmentedLog log = SegmentedLog.open(dir, LogConfig.builder()
        .durability(Durability.GROUP).segmentBytes(8 << 10).build())) {
      appendFromThreads(log, false);
    }
  }

  @Test
  void exclusiveAsyncAppendersUnderGroup() throws Exception {
    try (SegmentedLog log = SegmentedLog.open(dir, LogConfig.builder()
        .durability(Durability.group(100, 1)).segmentBytes(8 << 10).build())) {
      appendFromThreads(log, true);
    }
  }

  @Test
  void exclusiveAppendersUnderNoneAndSync() throws Exception {
    try (SegmentedLog log = SegmentedLog.open(dir.resolve("none"), LogConfig.builder()
        .durability(Durability.NONE).segmentBytes(4 << 10).build())) {
      appendFromThreads(log, false);
    }
    try (SegmentedLog log = SegmentedLog.open(dir.resolve("sync"), LogConfig.builder()
        .durability(Durability.SYNC).segmentBytes(64 << 10).build())) {
      appendFromThreads(log, false);
    }
  }

  @Test
  void sharedAppendersInOneProcessAcrossTwoLogObjects() throws Exception {
    LogConfig c = LogConfig.builder().writerMode(WriterMode.SHARED)
        .durability(Durability.GROUP).segmentBytes(8 << 10).build();
    try (SegmentedLog a = SegmentedLog.open(dir, c)) {
      appendFromThreads(a, false);
      try (SegmentedLog b = SegmentedLog.open(dir, c)) {
        assertThat(b.endLine()).isEqualTo((long) THREADS * PER_THREAD);
        assertThat(b.append("\"from b\"")).isEqualTo((long) THREADS * PER_THREAD);
        assertThat(a.append("\"from a\"")).isEqualTo(THREADS * PER_THREAD + 1L);
      }
    }
  }

  @Test
  void readersTailWhileWritersWrite() throws Exception {
    int total = THREADS * PER_THREAD;
    try (SegmentedLog log = SegmentedLog.open(dir, LogConfig.builder()
        .durability(Durability.NONE).segmentBytes(4 << 10).build())) {
      List<Thread> readers = new ArrayList<>();
      ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
      for (int k = 0; k < 3; k++) {
        Thread th = new Thread(() -> {
          try (LogReader r = log.reader(0)) {
            for (long line = 0; line < total; line++) {
              if (!r.next(30, TimeUnit.SECONDS)) {
                throw new AssertionError("timed out at line " + line);
              }
              if (r.lineNumber() != line) {
                throw new AssertionError("line " + r.lineNumber() + " != " + line);
              }
              r.value(Rec.class);
            }
          } catch (Throwable e) {
            errors.add(e);
          }
        });
        th.start();
        readers.add(th);
      }
      appendFromThreads(log, false);
      for (Thread th : readers) {
        th.join();
      }
      assertThat(errors).isEmpty();
    }
  }

}
