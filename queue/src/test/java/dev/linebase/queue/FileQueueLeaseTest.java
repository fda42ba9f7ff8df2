package dev.linebase.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.linebase.testkit.ChildJvm;
import dev.linebase.testkit.Seeds;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lease timeouts across queue handles and processes: an unacknowledged message leased by a live
 * consumer elsewhere is redelivered once its lease expires.
 */
class FileQueueLeaseTest {
  private static final Duration LEASE = Duration.ofMillis(300);
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  private FileQueue<String> open() throws Exception {
    return FileQueue.open(dir, QueueConfig.builder().leaseTimeout(LEASE).build());
  }

  @Test
  void anExpiredLeaseOfAnotherOpenHandleIsRedeliveredAndItsLateAckChangesNothing() throws Exception {
    try (FileQueue<String> q1 = open(); FileQueue<String> q2 = open()) {
      q1.putAll(java.util.List.of("1", "2", "3"));
      Message<String> stalled = q1.receive(); // q1 claims all three
      assertThat(stalled.value()).isEqualTo("1");
      assertThat(q2.receive()).as("leased elsewhere, not expired").isNull();

      Message<String> again = q2.receive(WAIT);
      assertThat(again).as("redelivered after the lease timeout").isNotNull();
      assertThat(again.handle()).isEqualTo(stalled.handle());
      assertThat(again.value()).isEqualTo("1");
      assertThatThrownBy(() -> q1.ack(stalled.handle())).as("late ack")
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("passed on");
      assertThat(q1.position("default")).isZero();
      q2.ack(again.handle());
      assertThat(q1.position("default")).isEqualTo(1);

      Message<String> m2 = q2.receive();
      Message<String> m3 = q2.receive();
      assertThat(m2.value()).isEqualTo("2");
      assertThat(m3.value()).isEqualTo("3");
      q2.ack(m2.handle());
      q2.ack(m3.handle());
      assertThat(q1.receive()).isNull();
      assertThat(q2.position("default")).isEqualTo(3);
      assertThat(q2.remaining("default")).isZero();
    }
  }

  @Test
  void aStalledConsumerProcessLosesItsExpiredLeaseWhileItLives() throws Exception {
    try (FileQueue<String> q = open()) {
      q.putAll(java.util.List.of("\"a\"", "\"b\""));
      try (ChildJvm child = ChildJvm.start(QueueChild.class, "lease-stall", dir.toString(),
          String.valueOf(LEASE.toMillis()))) {
        String leased = child.awaitLine(l -> l.startsWith("LEASED "), WAIT);
        long handle = Long.parseLong(leased.split(" ")[1]);
        Message<String> m = q.receive(WAIT);
        assertThat(m).as("redelivered from the stalled child; child: %s", child.describe())
            .isNotNull();
        assertThat(m.handle()).isEqualTo(handle);
        assertThat(m.value()).isEqualTo("\"a\"");
        assertThat(child.isAlive()).as("the child is stalled, not dead").isTrue();
        q.ack(m.handle());
        Message<String> next = q.receive(WAIT);
        assertThat(next.value()).isEqualTo("\"b\"");
        q.ack(next.handle());
        assertThat(q.position("default")).isEqualTo(2);
        assertThat(child.isAlive()).isTrue();
      }
    }
  }

  /**
   * Several handles (as several processes) receive with a short lease, and some deliveries are
   * processed for longer than the lease, so leases are taken over while their holders live. Every
   * message is acknowledged successfully exactly once; late acks fail and change nothing.
   * Scaled with {@code -Dlinebase.queue.leaseStressMessages}.
   */
  @Test
  void takeoversUnderLoadConsumeEveryMessageExactlyOnce() throws Exception {
    long seed = Seeds.seed("FileQueueLeaseTest.takeovers");
    int messages = Integer.getInteger("linebase.queue.leaseStressMessages", 1500);
    int consumers = 4;
    QueueConfig config = QueueConfig.builder().leaseTimeout(Duration.ofMillis(20)).build();
    List<FileQueue<String>> handles = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(consumers);
    try {
      for (int i = 0; i < consumers; i++) {
        handles.add(FileQueue.open(dir, config));
      }
      List<String> values = new ArrayList<>();
      for (int i = 0; i < messages; i++) {
        values.add(String.valueOf(i));
      }
      handles.get(0).putAll(values);
      Map<String, Integer> acked = new ConcurrentHashMap<>();
      AtomicInteger lateAcks = new AtomicInteger();
      Random seeds = new Random(seed);
      List<Future<?>> running = new ArrayList<>();
      for (FileQueue<String> q : handles) {
        Random r = new Random(seeds.nextLong());
        running.add(pool.submit(() -> {
          while (acked.size() < messages) {
            Message<String> m = q.receive(Duration.ofMillis(50));
            if (m == null) {
              continue;
            }
            if (r.nextInt(20) == 0) {
              // Slow processing of this message: hold it until its lease has certainly expired.
              long expired = System.nanoTime() + config.leaseTimeout().toNanos() * 3 / 2;
              while (System.nanoTime() < expired) {
                Thread.yield();
              }
            }
            try {
              q.ack(m.handle());
              acked.merge(m.value(), 1, Integer::sum);
            } catch (IllegalArgumentException e) {
              lateAcks.incrementAndGet();
            }
          }
          return null;
        }));
      }
      for (Future<?> f : running) {
        f.get(2, java.util.concurrent.TimeUnit.MINUTES);
      }
      assertThat(acked).as("seed %d", seed).hasSize(messages);
      assertThat(acked.values()).as("seed %d: acknowledged once each", seed).containsOnly(1);
      assertThat(handles.get(0).position("default")).as("seed %d", seed).isEqualTo(messages);
      assertThat(handles.get(1).receive()).as("seed %d", seed).isNull();
      System.out.println("FileQueueLeaseTest.takeovers seed " + seed + ": " + lateAcks.get()
          + " late acks");
    } finally {
      pool.shutdownNow();
      for (FileQueue<String> q : handles) {
        q.close();
      }
    }
  }
}
