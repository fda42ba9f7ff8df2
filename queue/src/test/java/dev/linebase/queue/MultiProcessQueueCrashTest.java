package dev.linebase.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.linebase.testkit.Acks;
import dev.linebase.testkit.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several producer and consumer JVMs on one queue; one consumer is killed with {@code kill -9}
 * mid-run. Sized for CI with {@code -Dlinebase.queue.mpMessages} (per producer).
 */
class MultiProcessQueueCrashTest {
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final int PER_PRODUCER = Integer.getInteger("linebase.queue.mpMessages", 1500);

  @TempDir Path tmp;

  /**
   * Closes the children and keeps their output next to the queue, so that a failing run (whose
   * temporary directory is kept) can be diagnosed from the files it left behind.
   */
  private void saveEvidence(List<ChildJvm> children) throws IOException {
    for (int i = 0; i < children.size(); i++) {
      ChildJvm c = children.get(i);
      if (c.isAlive()) {
        c.kill();
      }
      Files.write(tmp.resolve("child-" + i + ".out"), c.lines());
      Files.writeString(tmp.resolve("child-" + i + ".err"), c.stderr());
      c.close();
    }
  }

  @Test
  void acknowledgedModeDeliversEverythingAndRepeatsOnlyTheKilledConsumersLeases()
      throws Exception {
    Path dir = tmp.resolve("q");
    FileQueue.open(dir).close();
    Path stop = tmp.resolve("stop");
    List<ChildJvm> children = new ArrayList<>();
    try {
      ChildJvm victim = ChildJvm.start(QueueChild.class, "consume-ack", dir.toString(), "victim",
          stop.toString());
      ChildJvm survivor = ChildJvm.start(QueueChild.class, "consume-ack", dir.toString(),
          "survivor", stop.toString());
      children.add(victim);
      children.add(survivor);
      List<ChildJvm> producers = new ArrayList<>();
      for (String p : List.of("a", "b")) {
        ChildJvm c = ChildJvm.start(QueueChild.class, "produce", dir.toString(), "none", p,
            String.valueOf(PER_PRODUCER), "1");
        producers.add(c);
        children.add(c);
      }
      victim.awaitMatch(l -> l.startsWith("GOT "), 100, WAIT);
      victim.kill();
      ChildJvm late = ChildJvm.start(QueueChild.class, "consume-ack", dir.toString(), "late",
          stop.toString());
      children.add(late);
      for (ChildJvm p : producers) {
        assertThat(p.waitFor(WAIT)).as(p.describe()).isZero();
      }
      Files.createFile(stop);
      assertThat(survivor.waitFor(WAIT)).as(survivor.describe()).isZero();
      assertThat(late.waitFor(WAIT)).as(late.describe()).isZero();

      Set<String> produced = new HashSet<>();
      for (ChildJvm p : producers) {
        for (String l : p.lines()) {
          if (Acks.isAck(l)) {
            produced.add(Acks.id(l));
          }
        }
      }
      assertThat(produced).hasSize(2 * PER_PRODUCER);

      Map<Long, Integer> deliveries = new HashMap<>();
      Map<Long, String> values = new HashMap<>();
      Set<Long> victimGot = new HashSet<>();
      Set<Long> victimAcked = new HashSet<>();
      for (ChildJvm c : List.of(victim, survivor, late)) {
        for (String l : c.lines()) {
          if (l.startsWith("GOT ")) {
            String[] parts = l.split(" ", 3);
            long h = Long.parseLong(parts[1]);
            deliveries.merge(h, 1, Integer::sum);
            String old = values.put(h, parts[2]);
            assertThat(old == null || old.equals(parts[2])).as("handle %d value", h).isTrue();
            if (c == victim) {
              victimGot.add(h);
            }
          } else if (l.startsWith("ACKED ") && c == victim) {
            victimAcked.add(Long.parseLong(l.substring(6)));
          }
        }
      }
      Set<String> delivered = new HashSet<>();
      for (String v : values.values()) {
        var node = dev.linebase.jsonl.Json.mapper().readTree(v);
        delivered.add(node.get("p").asText() + ":" + node.get("t").asInt() + ":"
            + node.get("n").asInt());
      }
      assertThat(delivered).as("every message delivered at least once").isEqualTo(produced);
      for (Map.Entry<Long, Integer> e : deliveries.entrySet()) {
        if (e.getValue() > 1) {
          assertThat(e.getValue()).as("handle %d", e.getKey()).isEqualTo(2);
          assertThat(victimGot).as("handle %d delivered twice", e.getKey()).contains(e.getKey());
          assertThat(victimAcked).as("handle %d acked before the kill", e.getKey())
              .doesNotContain(e.getKey());
        }
      }
    } finally {
      saveEvidence(children);
    }
  }

  @Test
  void autoCommitModeNeverDeliversTwiceAndLosesAtMostTheKilledConsumersInFlightMessage()
      throws Exception {
    Path dir = tmp.resolve("q");
    Path stop = tmp.resolve("stop");
    int count = PER_PRODUCER;
    try (FileQueue<String> q = FileQueue.open(dir)) {
      List<String> values = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        values.add("{\"n\":" + i + "}");
      }
      q.putAll(values);
    }
    List<ChildJvm> children = new ArrayList<>();
    try {
      // The victim starts first so that it surely consumes; the other joins mid-run.
      ChildJvm victim = ChildJvm.start(QueueChild.class, "consume-auto", dir.toString(), "v",
          stop.toString(), "2");
      children.add(victim);
      victim.awaitMatch(l -> l.startsWith("GOT "), 50, WAIT);
      ChildJvm other = ChildJvm.start(QueueChild.class, "consume-auto", dir.toString(), "o",
          stop.toString(), "1");
      children.add(other);
      other.awaitMatch(l -> l.startsWith("GOT "), 20, WAIT);
      victim.kill();
      Files.createFile(stop);
      assertThat(other.waitFor(WAIT)).as(other.describe()).isZero();
      List<String> got = new ArrayList<>();
      for (ChildJvm c : children) {
        for (String l : c.lines()) {
          if (l.startsWith("GOT ")) {
            got.add(l.substring(4));
          }
        }
      }
      assertThat(new HashSet<>(got)).as("no duplicates").hasSize(got.size());
      List<Integer> missing = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        if (!got.contains("{\"n\":" + i + "}")) {
          missing.add(i);
        }
      }
      String slots;
      try (GroupFile g = GroupFile.openReadOnly(QueueFiles.groupFile(dir, "default"))) {
        slots = java.util.Arrays.toString(g.readAll());
      }
      assertThat(got.size()).as("lost at most the one in flight; missing %s; victim %s; slots %s",
          missing, victim.lines(), slots).isBetween(count - 1, count);
    } finally {
      saveEvidence(children);
    }
  }
}
