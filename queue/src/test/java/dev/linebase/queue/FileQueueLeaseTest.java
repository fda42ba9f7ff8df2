package dev.linebase.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.linebase.testkit.ChildJvm;
import java.nio.file.Path;
import java.time.Duration;
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
}
