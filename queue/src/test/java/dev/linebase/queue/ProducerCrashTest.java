package dev.linebase.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.linebase.testkit.Acks;
import dev.linebase.testkit.ChildJvm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** A producer JVM killed mid-append: every acknowledged put is delivered after restart. */
class ProducerCrashTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"sync", "group"})
  void acknowledgedPutsSurviveKillNine(String durability) throws Exception {
    Path dir = tmp.resolve("q");
    Set<String> acked = new HashSet<>();
    try (ChildJvm child = ChildJvm.start(QueueChild.class, "produce", dir.toString(), durability,
        "p", "1000000", "4")) {
      child.awaitMatch(Acks::isAck, 400, Duration.ofSeconds(120));
      child.kill();
      for (String l : child.lines()) {
        if (Acks.isAck(l)) {
          acked.add(Acks.id(l));
        }
      }
    }
    List<String> delivered = new ArrayList<>();
    try (FileQueue<String> q = FileQueue.open(dir)) {
      List<String> batch;
      while (!(batch = q.poll(1000)).isEmpty()) {
        delivered.addAll(batch);
      }
      // A restarted producer appends after the cut tail.
      q.put("{\"after\":true}");
      assertThat(q.next()).isEqualTo("{\"after\":true}");
    }
    Set<String> ids = new HashSet<>();
    int[] lastPerThread = {-1, -1, -1, -1};
    for (String v : delivered) {
      var node = dev.linebase.jsonl.Json.mapper().readTree(v);
      int t = node.get("t").asInt();
      int n = node.get("n").asInt();
      assertThat(n).as("per-thread order").isEqualTo(lastPerThread[t] + 1);
      lastPerThread[t] = n;
      ids.add("p:" + t + ":" + n);
    }
    assertThat(ids).as("every acknowledged put delivered").containsAll(acked);
    assertThat(ids).hasSize(delivered.size());
  }
}
