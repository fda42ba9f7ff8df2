package dev.linebase.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupConsumerTest {
  @TempDir Path dir;
  private final MemoryLineSource source = new MemoryLineSource();

  private GroupConsumer consumer(int claimBatch) throws IOException {
    return GroupConsumer.open(dir, "g", source,
        QueueConfig.builder().group("g").claimBatch(claimBatch).build());
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  @Test
  void leasesBeyondOneWindowUseMoreSlots() throws IOException {
    for (int i = 0; i < 200; i++) {
      source.add(String.valueOf(i));
    }
    try (GroupConsumer c = consumer(256)) {
      List<Delivery> leased = new ArrayList<>();
      Delivery d;
      while ((d = c.lease()) != null) {
        leased.add(d);
      }
      assertThat(leased).hasSize(200);
      assertThat(c.slots().length).isGreaterThanOrEqualTo(4);
      assertThat(GroupConsumer.consumed(c.slots())).isZero();
      for (int i = leased.size() - 1; i >= 0; i--) {
        c.ack(leased.get(i).position());
      }
      assertThat(GroupConsumer.consumed(c.slots())).isEqualTo(200);
    }
  }

  @Test
  void aClosedConsumersLeasesAndClaimsPassToAnother() throws IOException {
    for (int i = 0; i < 20; i++) {
      source.add(String.valueOf(i));
    }
    Set<String> acked = new HashSet<>();
    try (GroupConsumer a = consumer(8)) {
      assertThat(text(a.claimAuto(1).get(0))).isEqualTo("0");
      Delivery leased = a.lease(); // position 1, never acknowledged
      Delivery ackd = a.lease();
      a.ack(ackd.position());
      acked.add(text(ackd.bytes()));
      assertThat(leased.position()).isEqualTo(1);
      try (GroupConsumer b = consumer(8)) {
        // b cannot take a's slot while a lives: it claims the next range.
        assertThat(text(b.claimAuto(1).get(0))).isEqualTo("8");
      }
    }
    try (GroupConsumer c = consumer(8)) {
      List<String> rest = new ArrayList<>();
      List<byte[]> got;
      while (!(got = c.claimAuto(3)).isEmpty()) {
        got.forEach(b -> rest.add(text(b)));
      }
      Set<String> all = new HashSet<>(rest);
      all.addAll(acked);
      all.add("0");
      all.add("8");
      assertThat(rest).doesNotContain("0", "2", "8").contains("1");
      assertThat(all).hasSize(20);
      assertThat(GroupConsumer.consumed(c.slots())).isEqualTo(20);
    }
  }

  @Test
  void anExpiredLeaseOfALiveConsumerIsTakenOverAndItsLateAckChangesNothing() throws IOException {
    for (int i = 0; i < 5; i++) {
      source.add(String.valueOf(i));
    }
    AtomicLong clock = new AtomicLong(1_000_000);
    QueueConfig config =
        QueueConfig.builder().group("g").leaseTimeout(Duration.ofSeconds(10)).build();
    // Two consumers with their own group file handles and slot locks, as in two processes.
    try (GroupConsumer a = GroupConsumer.open(dir, "g", source, config, clock::get);
        GroupConsumer b = GroupConsumer.open(dir, "g", source, config, clock::get)) {
      Delivery stalled = a.lease(); // a claims [0, 5)
      assertThat(stalled.position()).isZero();
      Delivery done = a.lease();
      a.ack(done.position());
      assertThat(b.lease()).as("nothing to take before the deadline").isNull();

      clock.addAndGet(10_000);
      Delivery again = b.lease();
      assertThat(again).as("the expired lease, taken over").isNotNull();
      assertThat(again.position()).isZero();
      assertThat(text(again.bytes())).isEqualTo("0");
      assertThatThrownBy(() -> a.ack(stalled.position())).as("late: the message is b's now")
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("passed on");
      assertThat(GroupConsumer.consumed(a.slots())).isEqualTo(1);
      b.ack(again.position());
      assertThat(GroupConsumer.consumed(b.slots())).isEqualTo(2);

      List<Long> rest = new ArrayList<>();
      Delivery d;
      while ((d = b.lease()) != null) {
        rest.add(d.position());
        b.ack(d.position());
      }
      assertThat(rest).as("the rest of a's claim moved with it; 1 stays acknowledged")
          .containsExactly(2L, 3L, 4L);
      assertThat(a.lease()).as("a no longer owns the range").isNull();
      assertThat(GroupConsumer.consumed(a.slots())).isEqualTo(5);
    }
  }

  @Test
  void aLeaseIsTakenOverNeitherBeforeItsDeadlineNorAfterItsAck() throws IOException {
    source.add("0");
    AtomicLong clock = new AtomicLong(1_000_000);
    QueueConfig config =
        QueueConfig.builder().group("g").leaseTimeout(Duration.ofSeconds(10)).build();
    try (GroupConsumer a = GroupConsumer.open(dir, "g", source, config, clock::get);
        GroupConsumer b = GroupConsumer.open(dir, "g", source, config, clock::get)) {
      Delivery d = a.lease();
      clock.addAndGet(9_999);
      assertThat(b.lease()).as("one millisecond before the deadline").isNull();
      a.ack(d.position());
      clock.addAndGet(60_000);
      assertThat(b.lease()).as("acknowledged: nothing to take").isNull();
      assertThat(GroupConsumer.consumed(b.slots())).isEqualTo(1);
    }
  }

  @Test
  void aTakeoverNeverMovesTheGroupCursorBack() throws IOException {
    // Regression: the taking consumer's empty slot held the group cursor (the largest to); moving
    // the taken range into it moved the cursor back, and [5, 10) was claimed a second time.
    for (int i = 0; i < 5; i++) {
      source.add(String.valueOf(i));
    }
    AtomicLong clock = new AtomicLong(1_000_000);
    QueueConfig config = QueueConfig.builder().group("g").claimBatch(5)
        .leaseTimeout(Duration.ofSeconds(10)).build();
    try (GroupConsumer a = GroupConsumer.open(dir, "g", source, config, clock::get);
        GroupConsumer b = GroupConsumer.open(dir, "g", source, config, clock::get)) {
      assertThat(a.lease().position()).isZero(); // a claims [0, 5) and stalls
      for (int i = 5; i < 10; i++) {
        source.add(String.valueOf(i));
      }
      for (long p = 5; p < 10; p++) {
        Delivery d = b.lease(); // b claims [5, 10): its slot carries the cursor
        assertThat(d.position()).isEqualTo(p);
        b.ack(d.position());
      }
      clock.addAndGet(10_000);
      List<Long> taken = new ArrayList<>();
      Delivery d;
      while ((d = b.lease()) != null) {
        taken.add(d.position());
        b.ack(d.position());
      }
      assertThat(taken).as("a's range, and nothing claimed twice").containsExactly(0L, 1L, 2L,
          3L, 4L);
      assertThat(GroupConsumer.cursor(b.slots())).isEqualTo(10);
      assertThat(GroupConsumer.consumed(b.slots())).isEqualTo(10);
    }
  }
}
