package dev.linebase.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.linebase.testkit.Seeds;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Many producer and consumer threads interleaved on shared queues, seeded. The multiset consumed
 * equals the multiset produced, nothing twice, and each consumer thread (with its own handle per
 * queue) sees each producer's messages of one queue in order. Producer handles are shared by all
 * producer threads. Scale with {@code -Dlinebase.queue.stressScale=N}.
 */
class QueueStressTest {
  private static final int SCALE = Integer.getInteger("linebase.queue.stressScale", 1);

  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"jsonl", "sqlite"})
  void interleavedProducersAndConsumers(String driver) throws Exception {
    long seed = Seeds.seed("QueueStressTest." + driver);
    Random r = new Random(seed);
    int queues = 3;
    int producers = 6 + r.nextInt(4);
    int consumers = 4 + r.nextInt(4);
    int perProducer = (driver.equals("sqlite") ? 300 : 2000) * SCALE;
    long total = (long) producers * perProducer;
    List<DurableQueue<String>> producerHandles = new ArrayList<>();
    List<List<DurableQueue<String>>> consumerHandles = new ArrayList<>();
    for (int q = 0; q < queues; q++) {
      producerHandles.add(open(driver, q, QueueConfig.defaults()));
    }
    for (int c = 0; c < consumers; c++) {
      List<DurableQueue<String>> own = new ArrayList<>();
      for (int q = 0; q < queues; q++) {
        own.add(open(driver, q, QueueConfig.builder().claimBatch(1 + r.nextInt(64)).build()));
      }
      consumerHandles.add(own);
    }
    ExecutorService pool = Executors.newFixedThreadPool(producers + consumers);
    Map<String, Integer> seen = new ConcurrentHashMap<>();
    AtomicLong consumed = new AtomicLong();
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int p = 0; p < producers; p++) {
        int producer = p;
        long pseed = r.nextLong();
        futures.add(pool.submit(() -> {
          Random pr = new Random(pseed);
          int[] next = new int[queues];
          int n = 0;
          while (n < perProducer) {
            int q = pr.nextInt(queues);
            int batch = Math.min(perProducer - n, pr.nextInt(4) == 0 ? 1 + pr.nextInt(20) : 1);
            List<String> values = new ArrayList<>();
            for (int i = 0; i < batch; i++) {
              values.add("{\"p\":" + producer + ",\"q\":" + q + ",\"n\":" + next[q]++ + "}");
            }
            if (batch == 1) {
              producerHandles.get(q).put(values.get(0));
            } else {
              producerHandles.get(q).putAll(values);
            }
            n += batch;
          }
          return null;
        }));
      }
      for (int c = 0; c < consumers; c++) {
        long cseed = r.nextLong();
        List<DurableQueue<String>> own = consumerHandles.get(c);
        futures.add(pool.submit(() -> {
          Random cr = new Random(cseed);
          Map<String, Integer> lastSeen = new HashMap<>();
          while (consumed.get() < total) {
            DurableQueue<String> h = own.get(cr.nextInt(own.size()));
            List<String> got = cr.nextBoolean() ? h.poll(1 + cr.nextInt(10)) : listOf(h.poll());
            for (String v : got) {
              assertThat(seen.merge(v, 1, Integer::sum)).as("seed %d: %s twice", seed, v)
                  .isEqualTo(1);
              var node = dev.linebase.jsonl.Json.mapper().readTree(v);
              String key = node.get("p").asInt() + "/" + node.get("q").asInt();
              int n = node.get("n").asInt();
              Integer last = lastSeen.put(key, n);
              assertThat(last == null || last < n).as("seed %d: order of %s", seed, key).isTrue();
            }
            consumed.addAndGet(got.size());
            if (got.isEmpty()) {
              Thread.onSpinWait();
            }
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get(150, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
      for (DurableQueue<String> h : producerHandles) {
        h.close();
      }
      for (List<DurableQueue<String>> own : consumerHandles) {
        for (DurableQueue<String> h : own) {
          h.close();
        }
      }
    }
    assertThat(seen).as("seed %d", seed).hasSize((int) total);
    assertThat(consumed.get()).isEqualTo(total);
  }

  private static List<String> listOf(String v) {
    return v == null ? List.of() : List.of(v);
  }

  private DurableQueue<String> open(String driver, int q, QueueConfig c) throws Exception {
    return driver.equals("sqlite") ? SqliteQueue.open(tmp.resolve("q" + q + ".db"), c)
        : FileQueue.open(tmp.resolve("q" + q), c);
  }
}
