package dev.linebase.timelog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Readers iterate snapshots while one writer appends and deletes and background maintenance
 * flushes and compacts. Scale with {@code -Dlinebase.concurrency.records=N}.
 */
class TimelogConcurrencyTest {

  @Test
  void snapshotsStayConsistentWhileWriterAndMaintenanceRun() throws Exception {
    int records = Integer.getInteger("linebase.concurrency.records", 200_000);
    TimelogConfig config = TimelogConfig.builder()
        .memtableRecords(512)
        .outOfOrderRecords(64)
        .segmentRecords(2_000)
        .windowSize(10_000)
        .l0CompactionTrigger(3)
        .sealedRunLimit(4)
        .busyPolicy(BusyPolicy.BLOCK)
        .maintenance(MaintenanceMode.BACKGROUND)
        .build();
    AtomicLong appended = new AtomicLong();
    List<long[]> deletes = new CopyOnWriteArrayList<>();
    AtomicLong deletesDone = new AtomicLong();
    AtomicBoolean done = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try (Timelog<Long> log = Timelog.inMemory(config)) {
      Future<?> writer = pool.submit(() -> {
        try {
          for (long i = 0; i < records; i++) {
            log.append(i, i);
            appended.set(i + 1);
            if (i % 997 == 996 && i > 2_000) {
              long lo = i - 1_500;
              deletes.add(new long[] {lo, lo + 300}); // announced before it starts
              log.delete(lo, lo + 300);
              deletesDone.incrementAndGet();
            }
          }
        } finally {
          done.set(true);
        }
        return null;
      });
      List<Future<Integer>> readers = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        readers.add(pool.submit(() -> readLoop(log, appended, deletes, deletesDone, done)));
      }
      writer.get(120, TimeUnit.SECONDS);
      int checked = 0;
      for (Future<Integer> f : readers) {
        checked += f.get(120, TimeUnit.SECONDS);
      }
      assertThat(checked).isPositive();
      log.compact();
      assertThat(log.stats().compactions()).isPositive();
      long expected = records;
      for (long[] d : deletes) {
        expected -= d[1] - d[0];
      }
      assertThat(log.count()).isEqualTo(expected);
      log.validate();
    } finally {
      pool.shutdownNow();
    }
  }

  private static int readLoop(Timelog<Long> log, AtomicLong appended, List<long[]> deletes,
      AtomicLong deletesDone, AtomicBoolean done) {
    int snapshots = 0;
    while (!done.get() || snapshots == 0) {
      long before = appended.get();
      int deletesBefore = (int) deletesDone.get();
      try (TimelogSnapshot<Long> snap = log.snapshot()) {
        long after = appended.get() + 1; // the append in flight may already be visible
        int deletesMaybe = deletes.size();
        long[] first = scan(snap);
        long count = snap.count();
        assertThat(count).isEqualTo(first.length);
        for (int i = 1; i < first.length; i++) {
          assertThat(first[i]).isGreaterThan(first[i - 1]);
        }
        if (first.length > 0) {
          assertThat(first[first.length - 1]).isLessThan(after);
        }
        // Everything appended before the snapshot and not deleted before it is visible.
        long expectedVisible = before;
        for (int d = 0; d < deletesBefore; d++) {
          expectedVisible -= deletes.get(d)[1] - deletes.get(d)[0];
        }
        long visibleBelowBefore = snap.count(0, before);
        long deletedAfterward = 0;
        for (int d = deletesBefore; d < deletesMaybe; d++) {
          deletedAfterward += deletes.get(d)[1] - deletes.get(d)[0];
        }
        assertThat(visibleBelowBefore).isBetween(expectedVisible - deletedAfterward,
            expectedVisible);
        for (int d = 0; d < deletesBefore; d++) {
          long[] range = deletes.get(d);
          assertThat(snap.count(range[0], range[1])).isZero();
        }
        // The snapshot's answers never change, whatever maintenance did meanwhile.
        long[] second = scan(snap);
        assertThat(second).isEqualTo(first);
        assertThat(snap.count()).isEqualTo(count);
      }
      snapshots++;
    }
    return snapshots;
  }

  private static long[] scan(TimelogSnapshot<Long> snap) {
    long[] out = new long[16];
    int n = 0;
    TimelogCursor<Long> c = snap.all();
    while (c.next()) {
      assertThat(c.value()).isEqualTo(c.timestamp());
      if (n == out.length) {
        out = java.util.Arrays.copyOf(out, n * 2);
      }
      out[n++] = c.timestamp();
    }
    return java.util.Arrays.copyOf(out, n);
  }
}
