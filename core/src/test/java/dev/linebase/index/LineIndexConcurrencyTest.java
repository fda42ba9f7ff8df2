package dev.linebase.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.linebase.testkit.Seeds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many threads reading one index while another appends to the file and refreshes. */
class LineIndexConcurrencyTest {
  @TempDir Path dir;

  private static String line(long i) {
    return "{\"i\":" + i + ",\"v\":\"" + "abcdefghij".repeat((int) (i % 7)) + "\"}";
  }

  private static byte[] lines(long from, long to) {
    StringBuilder sb = new StringBuilder();
    for (long i = from; i < to; i++) {
      sb.append(line(i)).append(i % 3 == 0 ? "\r\n" : "\n");
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void readersSeeConsistentLinesWhileTheFileGrows() throws Exception {
    long seed = Seeds.seed("readersSeeConsistentLinesWhileTheFileGrows");
    Path f = dir.resolve("c.jsonl");
    Files.write(f, lines(0, 100_000));
    int readers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(readers + 1);
    try (LineIndex index = LineIndex.open(f, LineIndexOptions.defaults()
        .withCheckpointIntervalLines(32).withMapChunkBytes(1 << 20))) {
      CountDownLatch start = new CountDownLatch(1);
      AtomicBoolean writing = new AtomicBoolean(true);
      List<Future<Long>> futures = new ArrayList<>();
      for (int t = 0; t < readers; t++) {
        SplittableRandom r = new SplittableRandom(seed + t);
        futures.add(pool.submit(() -> {
          start.await();
          long reads = 0;
          while (writing.get() || reads < 20_000) {
            long total = index.totalLines();
            long n = r.nextLong(total);
            String got = index.readLine(n);
            if (!got.equals(line(n))) {
              throw new AssertionError("seed " + seed + " line " + n + ": " + got);
            }
            if (reads % 1000 == 0) {
              List<String> batch = index.readLines(n, Math.max(0, n - 5), n);
              assertThat(batch).containsExactly(line(n), line(Math.max(0, n - 5)), line(n));
            }
            reads++;
          }
          return reads;
        }));
      }
      Future<Integer> writer = pool.submit(() -> {
        start.await();
        long next = 100_000;
        int appended = 0;
        for (int round = 0; round < 50; round++) {
          Files.write(f, lines(next, next + 1000), StandardOpenOption.APPEND);
          next += 1000;
          if (index.refresh() == RefreshResult.APPENDED) {
            appended++;
          }
        }
        writing.set(false);
        return appended;
      });
      start.countDown();
      assertThat(writer.get()).isEqualTo(50);
      long total = 0;
      for (Future<Long> fut : futures) {
        total += fut.get();
      }
      assertThat(total).isGreaterThanOrEqualTo(readers * 20_000L);
      assertThat(index.totalLines()).isEqualTo(150_000);
      assertThat(index.readLine(149_999)).isEqualTo(line(149_999));
    } finally {
      pool.shutdownNow();
    }
  }
}
