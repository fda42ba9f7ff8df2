package dev.linebase.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.linebase.io.Durability;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every {@link DurableQueue} driver passes. A driver's test extends this class and
 * says how to open a queue at a location.
 */
abstract class DurableQueueContract {
  @TempDir Path tmp;

  /** Opens (creating) the queue stored at {@code location} of this test. */
  abstract DurableQueue<String> open(Path location, QueueConfig config) throws IOException;

  /** Opens a typed jsonl queue. */
  abstract <T> DurableQueue<T> openTyped(Path location, QueueConfig config, Class<T> type)
      throws IOException;

  /** Where this driver's queue lives inside a temp directory. */
  abstract Path location(Path dir);

  /** The format the driver under test stores (the contract's values are valid in both). */
  Format format() {
    return Format.JSONL;
  }

  QueueConfig.Builder builder() {
    return QueueConfig.builder().format(format());
  }

  DurableQueue<String> open() throws IOException {
    return open(location(tmp), builder().build());
  }

  DurableQueue<String> open(QueueConfig config) throws IOException {
    return open(location(tmp), config);
  }

  static long seed() {
    long seed = Long.getLong("linebase.seed", new Random().nextLong());
    System.out.println("linebase.seed=" + seed);
    return seed;
  }

  @Test
  void deliversInFifoOrder() throws IOException {
    try (DurableQueue<String> q = open()) {
      for (int i = 0; i < 100; i++) {
        q.put("{\"n\":" + i + "}");
      }
      for (int i = 0; i < 100; i++) {
        assertThat(q.poll()).isEqualTo("{\"n\":" + i + "}");
      }
      assertThat(q.poll()).isNull();
    }
  }

  @Test
  void emptyQueueBehaviour() throws Exception {
    try (DurableQueue<String> q = open()) {
      assertThat(q.isEmpty()).isTrue();
      assertThat(q.size()).isZero();
      assertThat(q.poll()).isNull();
      assertThat(q.poll(5)).isEmpty();
      assertThat(q.receive()).isNull();
      assertThatThrownBy(q::next).isInstanceOf(NoSuchElementException.class);
      assertThat(q.poll(Duration.ofMillis(20))).isNull();
      assertThat(q.isEmpty()).isTrue();
      assertThat(q.position(q.group())).isZero();
      assertThat(q.remaining(q.group())).isZero();
    }
  }

  @Test
  void isEmptyHasNoSideEffects() throws IOException {
    try (DurableQueue<String> q = open()) {
      q.put("1");
      for (int i = 0; i < 3; i++) {
        assertThat(q.isEmpty()).isFalse();
        assertThat(q.size()).isEqualTo(1);
      }
      assertThat(q.next()).isEqualTo("1");
      assertThat(q.isEmpty()).isTrue();
    }
  }

  @Test
  void remainingAndPositionSurviveReopen() throws IOException {
    try (DurableQueue<String> q = open()) {
      for (int i = 0; i < 10; i++) {
        q.put(String.valueOf(i));
      }
      for (int i = 0; i < 4; i++) {
        assertThat(q.next()).isEqualTo(String.valueOf(i));
      }
      assertThat(q.position("default")).isEqualTo(4);
      assertThat(q.remaining("default")).isEqualTo(6);
    }
    try (DurableQueue<String> q = open()) {
      assertThat(q.size()).isEqualTo(10);
      assertThat(q.position("default")).isEqualTo(4);
      assertThat(q.remaining("default")).isEqualTo(6);
      assertThat(q.next()).isEqualTo("4");
    }
  }

  @Test
  void newMessagesAfterPartialConsumption() throws IOException {
    try (DurableQueue<String> q = open()) {
      q.putAll(List.of("1", "2", "3"));
      assertThat(q.next()).isEqualTo("1");
    }
    try (DurableQueue<String> q = open()) {
      q.putAll(List.of("4", "5"));
      assertThat(q.poll(10)).containsExactly("2", "3", "4", "5");
      q.put("6");
      assertThat(q.next()).isEqualTo("6");
      assertThat(q.position("default")).isEqualTo(6);
      assertThat(q.remaining("default")).isZero();
    }
  }

  @Test
  void groupsConsumeIndependently() throws IOException {
    QueueConfig a = builder().group("a").build();
    QueueConfig b = builder().group("b").build();
    try (DurableQueue<String> qa = open(a); DurableQueue<String> qb = open(b)) {
      qa.putAll(List.of("1", "2", "3"));
      assertThat(qa.poll(2)).containsExactly("1", "2");
      assertThat(qb.poll(3)).containsExactly("1", "2", "3");
      assertThat(qa.position("a")).isEqualTo(2);
      assertThat(qa.position("b")).isEqualTo(3);
      assertThat(qb.remaining("a")).isEqualTo(1);
    }
    try (DurableQueue<String> qa = open(a)) {
      assertThat(qa.group()).isEqualTo("a");
      assertThat(qa.next()).isEqualTo("3");
    }
  }

  @Test
  void consumersOfOneGroupNeverShareAMessage() throws IOException {
    try (DurableQueue<String> p = open();
        DurableQueue<String> c1 = open(builder().claimBatch(3).build());
        DurableQueue<String> c2 = open(builder().claimBatch(5).build())) {
      List<String> all = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        all.add(String.valueOf(i));
      }
      p.putAll(all);
      List<String> got = new ArrayList<>();
      Random r = new Random(7);
      while (true) {
        String v = (r.nextBoolean() ? c1 : c2).poll();
        if (v == null) {
          v = c1.poll();
        }
        if (v == null) {
          v = c2.poll();
        }
        if (v == null) {
          break;
        }
        got.add(v);
      }
      assertThat(got).hasSize(200).containsExactlyInAnyOrderElementsOf(all);
    }
  }

  @Test
  void claimedButUnreturnedMessagesPassToTheNextConsumerOnClose() throws IOException {
    try (DurableQueue<String> p = open()) {
      for (int i = 0; i < 10; i++) {
        p.put(String.valueOf(i));
      }
    }
    try (DurableQueue<String> c = open(builder().claimBatch(8).build())) {
      assertThat(c.next()).isEqualTo("0");
    }
    try (DurableQueue<String> c = open()) {
      assertThat(c.poll(20)).containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9");
      assertThat(c.position("default")).isEqualTo(10);
    }
  }

  @Test
  void acknowledgedMessagesAreNotRedelivered() throws IOException {
    try (DurableQueue<String> q = open()) {
      q.putAll(List.of("1", "2", "3"));
      Message<String> m1 = q.receive();
      Message<String> m2 = q.receive();
      assertThat(m1.value()).isEqualTo("1");
      assertThat(m2.value()).isEqualTo("2");
      assertThat(m1.handle()).isEqualTo(0);
      q.ack(m2.handle());
      assertThat(q.position("default")).isEqualTo(1);
      assertThat(q.remaining("default")).isEqualTo(2);
      q.ack(m1.handle());
      assertThat(q.position("default")).isEqualTo(2);
    }
    try (DurableQueue<String> q = open()) {
      assertThat(q.receive().value()).isEqualTo("3");
    }
  }

  @Test
  void unacknowledgedMessagesAreRedeliveredAfterClose() throws IOException {
    try (DurableQueue<String> q = open()) {
      q.putAll(List.of("1", "2", "3", "4"));
      Message<String> m1 = q.receive();
      Message<String> m2 = q.receive();
      q.ack(m2.handle());
      assertThat(m1.value()).isEqualTo("1");
    }
    try (DurableQueue<String> q = open()) {
      List<String> got = new ArrayList<>();
      Message<String> m;
      while ((m = q.receive()) != null) {
        got.add(m.value());
        q.ack(m.handle());
      }
      assertThat(got).containsExactly("1", "3", "4");
      assertThat(q.remaining("default")).isZero();
    }
  }

  @Test
  void leaseTimeoutRedelivers() throws Exception {
    QueueConfig c = builder().leaseTimeout(Duration.ofMillis(50)).build();
    try (DurableQueue<String> q = open(c)) {
      q.put("\"only\"");
      Message<String> first = q.receive();
      assertThat(first.value()).isEqualTo("\"only\"");
      assertThat(q.receive()).isNull();
      Message<String> again = q.receive(Duration.ofSeconds(10));
      assertThat(again).isNotNull();
      assertThat(again.value()).isEqualTo("\"only\"");
      assertThat(again.handle()).isEqualTo(first.handle());
      q.ack(again.handle());
      assertThat(q.receive(Duration.ofMillis(120))).isNull();
    }
  }

  @Test
  void ackOfUnknownHandleIsRejected() throws IOException {
    try (DurableQueue<String> q = open()) {
      q.put("1");
      assertThatThrownBy(() -> q.ack(0)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void batchPutAndPoll() throws IOException {
    try (DurableQueue<String> q = open()) {
      List<String> values = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        values.add("[" + i + "]");
      }
      q.putAll(values);
      q.putAll(List.of());
      List<String> got = new ArrayList<>();
      List<String> batch;
      while (!(batch = q.poll(77)).isEmpty()) {
        assertThat(batch.size()).isLessThanOrEqualTo(77);
        got.addAll(batch);
      }
      assertThat(got).isEqualTo(values);
      assertThatThrownBy(() -> q.poll(0)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  /** A typed message. */
  record Order(String id, int quantity, List<String> tags) {}

  @Test
  void typedValues() throws IOException {
    Path loc = location(tmp);
    try (DurableQueue<Order> q = openTyped(loc, QueueConfig.defaults(), Order.class)) {
      q.put(new Order("a", 1, List.of("x")));
      q.putAll(List.of(new Order("b\nc", 2, List.of()), new Order("d", 3, List.of("y", "z"))));
      assertThat(q.next()).isEqualTo(new Order("a", 1, List.of("x")));
    }
    try (DurableQueue<String> q = open(loc, QueueConfig.defaults())) {
      assertThat(q.poll(Order.class)).isEqualTo(new Order("b\nc", 2, List.of()));
      @SuppressWarnings("unchecked")
      Map<String, Object> raw = q.poll(Map.class);
      assertThat(raw).containsEntry("id", "d");
    }
  }

  @Test
  void jsonlRejectsInvalidJsonAndNewlines() throws IOException {
    try (DurableQueue<String> q = open(location(tmp.resolve("jsonl")), QueueConfig.defaults())) {
      assertThatThrownBy(() -> q.put("not json")).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("JSON");
      assertThatThrownBy(() -> q.put("{\"a\":\n1}")).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("\\n");
      assertThatThrownBy(() -> q.put("1 2")).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> q.putAll(List.of("1", "{"))).isInstanceOf(
          IllegalArgumentException.class);
      assertThat(q.size()).as("nothing of a rejected batch is written").isZero();
    }
  }

  @Test
  void txtRejectsLineBreaksAndAcceptsAnyText() throws IOException {
    QueueConfig txt = builder().format(Format.TXT).build();
    try (DurableQueue<String> q = open(location(tmp.resolve("txt")), txt)) {
      assertThatThrownBy(() -> q.put("a\nb")).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> q.put("a\rb")).isInstanceOf(IllegalArgumentException.class);
      q.put("not json at all");
      q.put("");
      q.put("ünïcödé ✓");
      assertThat(q.poll(5)).containsExactly("not json at all", "", "ünïcödé ✓");
      assertThatThrownBy(() -> q.poll(Order.class)).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void openingWithTheWrongFormatFails() throws IOException {
    try (DurableQueue<String> q = open()) {
      q.put("1");
    }
    Format other = format() == Format.JSONL ? Format.TXT : Format.JSONL;
    QueueConfig wrong = builder().format(other).build();
    assertThatThrownBy(() -> open(wrong).close()).isInstanceOf(IOException.class)
        .hasMessageContaining(format().name().toLowerCase(java.util.Locale.ROOT));
  }

  @Test
  void recordLimitIsEnforced() throws IOException {
    try (DurableQueue<String> q = open(builder().maxRecordBytes(10).build())) {
      q.put("\"12345678\"");
      assertThatThrownBy(() -> q.put("\"123456789\"")).isInstanceOf(
          IllegalArgumentException.class).hasMessageContaining("maxRecordBytes");
    }
  }

  @Test
  void closedQueueRejectsCallsAndClosesTwice() throws IOException {
    DurableQueue<String> q = open();
    q.close();
    q.close();
    assertThatThrownBy(() -> q.put("1")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(q::poll).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void durablePoliciesWork() throws IOException {
    for (Durability d : List.of(Durability.SYNC, Durability.GROUP)) {
      Path loc = location(tmp.resolve(d.toString().replace('(', '_').replace(')', '_')
          .replace(',', '_')));
      try (DurableQueue<String> q = open(loc, builder().durability(d).build())) {
        q.put("1");
        q.putAll(List.of("2", "3"));
        assertThat(q.poll(3)).containsExactly("1", "2", "3");
      }
    }
  }

  @Test
  void randomOperationsMatchAnArrayDeque() throws IOException {
    long seed = seed();
    Random r = new Random(seed);
    ArrayDeque<String> oracle = new ArrayDeque<>();
    long consumed = 0;
    long put = 0;
    DurableQueue<String> q = open(builder().claimBatch(1 + r.nextInt(16)).build());
    try {
      for (int op = 0; op < 2000; op++) {
        int k = r.nextInt(100);
        if (k < 40) {
          String v = "{\"i\":" + put++ + "}";
          q.put(v);
          oracle.add(v);
        } else if (k < 50) {
          List<String> vs = new ArrayList<>();
          for (int j = r.nextInt(5); j > 0; j--) {
            vs.add("\"s" + put++ + "\"");
          }
          q.putAll(vs);
          oracle.addAll(vs);
        } else if (k < 80) {
          String got = q.poll();
          assertThat(got).as("seed %d op %d", seed, op).isEqualTo(oracle.poll());
          consumed += got == null ? 0 : 1;
        } else if (k < 90) {
          int n = 1 + r.nextInt(6);
          List<String> got = q.poll(n);
          for (String g : got) {
            assertThat(g).as("seed %d op %d", seed, op).isEqualTo(oracle.poll());
          }
          assertThat(got.size() == n || oracle.isEmpty()).as("seed %d", seed).isTrue();
          consumed += got.size();
        } else if (k < 97) {
          q.close();
          q = open(builder().claimBatch(1 + r.nextInt(16)).build());
        } else {
          assertThat(q.size()).as("seed %d", seed).isEqualTo(put);
          assertThat(q.position("default")).as("seed %d", seed).isEqualTo(consumed);
          assertThat(q.remaining("default")).as("seed %d", seed).isEqualTo(oracle.size());
        }
      }
    } finally {
      q.close();
    }
  }

  @Test
  void originalScenarioThreeHundredQueuesOfThirtyRows() throws IOException {
    int queues = Integer.getInteger("linebase.queue.scenarioQueues", 300);
    Set<String> seen = new HashSet<>();
    for (int qi = 0; qi < queues; qi++) {
      try (DurableQueue<String> q = open(location(tmp.resolve("q" + qi)), builder().build())) {
        for (int row = 0; row < 30; row++) {
          q.put("{\"queue\":" + qi + ",\"row\":" + row + ",\"payload\":\"" + "x".repeat(row)
              + "\"}");
        }
      }
    }
    for (int qi = 0; qi < queues; qi++) {
      try (DurableQueue<String> q = open(location(tmp.resolve("q" + qi)), builder().build())) {
        for (int row = 0; row < 30; row++) {
          String v = q.next();
          assertThat(v).isEqualTo("{\"queue\":" + qi + ",\"row\":" + row + ",\"payload\":\""
              + "x".repeat(row) + "\"}");
          assertThat(seen.add(v)).isTrue();
        }
        assertThat(q.poll()).isNull();
        assertThat(q.isEmpty()).isTrue();
      }
    }
    assertThat(seen).hasSize(queues * 30);
  }
}
