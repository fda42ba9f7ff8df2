package dev.linebase.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.linebase.io.FileLock;
import dev.linebase.jsonl.Codec;
import dev.linebase.jsonl.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The store's behaviours over {@link InMemoryBackend}: nothing may touch the disk. */
class StoreBackendTest {
  private final InMemoryBackend mem = new InMemoryBackend();
  private final Path dir = Path.of("/linebase-in-memory", "store-" + System.nanoTime());

  private static JsonNode doc(String json) throws IOException {
    return Json.mapper().readTree(json);
  }

  private StoreOptions.Builder<JsonNode> builder() {
    return Store.builder(dir, Codec.tree()).backend(mem);
  }

  @Test
  void coreBehavioursWithoutTheDisk() throws IOException {
    try (Store<JsonNode> s = builder().checkpointThreshold(0).noCheckpointOnClose().open()) {
      s.set("a", doc("{\"v\":1}"));
      s.set("b", doc("{\"v\":1}"));
      s.set("a", doc("{\"v\":2}"));
      s.delete("b");
      JsonNode three = doc("{\"v\":3}");
      JsonNode four = doc("{\"v\":4}");
      JsonNode five = doc("{\"v\":5}");
      s.batch(b -> {
        b.set("c", three);
        b.set("d", four);
      });
      assertThatThrownBy(() -> s.batch(b -> {
        b.set("e", five);
        b.delete("missing");
      })).isInstanceOf(IllegalArgumentException.class);
      assertThat(s.has("e")).isFalse();
      assertThat(s.undo()).isTrue(); // the batch is two ops: undo removes d
      assertThat(s.has("d")).isFalse();
      assertThat(s.get("a")).isEqualTo(doc("{\"v\":2}"));
      assertThat(s.has("b")).isFalse();
      assertThat(s.history("a")).hasSize(2);
      assertThat(s.history("a").get(1).prev()).isEqualTo(doc("{\"v\":1}"));
    }
    // Reopen: replays the in-memory WAL (no checkpoint on close).
    try (Store<JsonNode> s = builder().checkpointThreshold(0).open()) {
      assertThat(s.get("a")).isEqualTo(doc("{\"v\":2}"));
      assertThat(s.get("c")).isEqualTo(doc("{\"v\":3}"));
      assertThat(s.has("d")).isFalse();
      assertThat(s.has("b")).isFalse();
      assertThat(s.history("a")).hasSize(2);
      s.compact();
      assertThat(s.stats().opsCount()).isZero();
      s.set("f", doc("{\"v\":6}"));
    }
    // Reopen: loads the in-memory snapshot written by compact and the op after it.
    try (Store<JsonNode> s = builder().open()) {
      assertThat(s.count()).isEqualTo(3);
      assertThat(s.get("f")).isEqualTo(doc("{\"v\":6}"));
      assertThat(s.streamSnapshot().count()).isGreaterThanOrEqualTo(2);
    }
    assertThat(Files.exists(dir)).as("nothing on disk").isFalse();
    assertThat(mem.paths()).anyMatch(p -> p.getFileName().toString().equals("manifest.json"))
        .allMatch(p -> p.startsWith(dir.toAbsolutePath()));
  }

  @Test
  void archiveSegmentsLiveInTheBackend() throws IOException {
    try (Store<JsonNode> s = builder().open()) {
      s.set("old", doc("{\"v\":1}"));
      s.set("new", doc("{\"v\":2}"));
      assertThat(s.archive((id, v) -> id.equals("old"), "2026-Q1")).isEqualTo(1);
      assertThat(s.has("old")).isFalse();
    }
    try (Store<JsonNode> s = builder().open()) {
      assertThat(s.archivePeriods()).containsExactly("2026-Q1");
      assertThat(s.loadArchive("2026-Q1")).containsOnlyKeys("old");
      assertThat(s.count()).isEqualTo(1);
    }
    assertThat(Files.exists(dir)).as("nothing on disk").isFalse();
  }

  @Test
  void theSingleWriterLockIsTheBackendsLock() throws IOException {
    try (Store<JsonNode> s = builder().open()) {
      s.set("a", doc("{\"v\":1}"));
      assertThatThrownBy(() -> builder().open()).isInstanceOf(FileLock.LockedException.class);
    }
    try (Store<JsonNode> s = builder().open()) {
      assertThat(s.get("a")).isEqualTo(doc("{\"v\":1}"));
    }
  }

  @Test
  void aTornWalTailIsCutOnOpen() throws IOException {
    String wal;
    try (Store<JsonNode> s = builder().checkpointThreshold(0).noCheckpointOnClose().open()) {
      s.set("a", doc("{\"v\":1}"));
      wal = s.manifest().activeOps();
    }
    Path walPath = dir.toAbsolutePath().resolve(wal);
    long goodSize = mem.readAll(walPath).length;
    try (FileChannel ch = mem.openWrite(walPath)) {
      ch.write(ByteBuffer.wrap("{\"ts\":\"2026-".getBytes(StandardCharsets.UTF_8)), goodSize);
    }
    try (Store<JsonNode> s = builder().open()) {
      assertThat(s.get("a")).isEqualTo(doc("{\"v\":1}"));
      assertThat(mem.readAll(walPath).length).isEqualTo(goodSize);
    }
  }

  @Test
  void agentsAndAReadOnlyFollowerShareOneBackend() throws IOException {
    try (Store<JsonNode> a = agent("alice"); Store<JsonNode> b = agent("bob")) {
      a.set("a1", doc("{\"by\":\"alice\"}"));
      b.set("b1", doc("{\"by\":\"bob\"}"));
      try (Store<JsonNode> r = builder().readOnly().open()) {
        assertThat(r.count()).isEqualTo(2);
        a.set("a2", doc("{}"));
        r.refresh();
        assertThat(r.has("a2")).as("the follower sees an append to an open in-memory WAL").isTrue();
      }
      a.compact();
      assertThat(a.manifest().activeAgentOps()).containsOnlyKeys("alice");
      b.set("b2", doc("{}")); // sees the new manifest, registers a new WAL first
      assertThat(b.manifest().activeAgentOps()).containsKeys("alice", "bob");
      a.refresh();
      assertThat(a.count()).isEqualTo(4);
    }
    try (Store<JsonNode> r = builder().readOnly().open()) {
      assertThat(r.count()).isEqualTo(4);
    }
    assertThat(Files.exists(dir)).as("nothing on disk").isFalse();
  }

  private Store<JsonNode> agent(String id) throws IOException {
    return builder().agentId(id).noCheckpointOnClose().checkpointThreshold(0).open();
  }

  @Test
  void randomOpsMatchATreeMapAcrossReopens() throws IOException {
    long seed = Long.getLong("linebase.seed", new Random().nextLong());
    System.out.println("StoreBackendTest seed " + seed);
    Random rnd = new Random(seed);
    Map<String, JsonNode> oracle = new TreeMap<>();
    for (int round = 0; round < 4; round++) {
      try (Store<JsonNode> s = builder().checkpointThreshold(1 + rnd.nextInt(40)).open()) {
        for (int i = 0; i < 100; i++) {
          String id = "k" + rnd.nextInt(20);
          if (oracle.containsKey(id) && rnd.nextInt(4) == 0) {
            s.delete(id);
            oracle.remove(id);
          } else {
            JsonNode v = doc("{\"n\":" + rnd.nextInt(1000) + "}");
            s.set(id, v);
            oracle.put(id, v);
          }
        }
        Map<String, JsonNode> actual = new TreeMap<>();
        s.entries().forEach(e -> actual.put(e.getKey(), e.getValue()));
        assertThat(actual).as("seed " + seed + " round " + round).isEqualTo(oracle);
      }
    }
    try (Store<JsonNode> s = builder().open()) {
      Map<String, JsonNode> actual = new TreeMap<>();
      s.entries().forEach(e -> actual.put(e.getKey(), e.getValue()));
      assertThat(actual).as("seed " + seed + " after reopen").isEqualTo(oracle);
    }
  }
}
