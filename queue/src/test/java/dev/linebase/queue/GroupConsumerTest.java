package dev.linebase.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
}
