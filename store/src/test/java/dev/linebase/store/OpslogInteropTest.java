package dev.linebase.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.linebase.io.Durability;
import dev.linebase.jsonl.Codec;
import dev.linebase.jsonl.Json;
import dev.linebase.testkit.CrashLoop;
import dev.linebase.testkit.KillSchedule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Stores written by the real opslog 0.8.1 open in Linebase, and the other way round. */
class OpslogInteropTest {
  @TempDir Path dir;

  static ObjectNode dump(Store<JsonNode> s) {
    ObjectNode out = Json.mapper().createObjectNode();
    Map<String, JsonNode> sorted = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : s.entries()) {
      sorted.put(e.getKey(), e.getValue());
    }
    sorted.forEach(out::set);
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"immediate", "group", "async", "crash"})
  void nodeWritesLinebaseReads(String mode) throws Exception {
    JsonNode expected = Opslog.run("write", dir, mode);
    try (Store<JsonNode> r = Store.builder(dir, Codec.tree()).readOnly().open()) {
      assertThat(dump(r)).as(mode).isEqualTo(expected.get("records"));
      assertThat(r.archivePeriods()).containsExactly("2024-Q1");
      JsonNode archive = Json.mapper().valueToTree(r.loadArchive("2024-Q1"));
      assertThat(archive).isEqualTo(expected.get("archive"));
    }
    // A writer open recovers the stale lock of the "crash" run and keeps everything.
    try (Store<JsonNode> w = Store.open(dir)) {
      assertThat(dump(w)).isEqualTo(expected.get("records"));
      w.set("java", doc("{\"by\":\"java\"}"));
    }
    try (Store<JsonNode> w = Store.open(dir)) {
      assertThat(w.count()).isEqualTo(expected.get("records").size() + 1);
    }
  }

  @Test
  void linebaseWritesNodeReadsAppendsAndHandsBack() throws Exception {
    ObjectNode expected;
    try (Store<JsonNode> s = Store.builder(dir, Codec.tree()).checkpointThreshold(7).open()) {
      for (int i = 0; i < 20; i++) {
        s.set(String.format("k%02d", i), doc("{\"name\":\"task-" + i + "\",\"n\":0,\"tags\":[\"t\"]}"));
      }
      for (int i = 0; i < 20; i += 2) {
        s.set(String.format("k%02d", i), doc("{\"name\":\"task-" + i + "\",\"n\":1,\"tags\":[\"t\"]}"));
      }
      s.set("k03", doc("{\"replaced\":true}"));
      s.set("s1", Json.mapper().getNodeFactory().textNode("plain string"));
      s.delete("k07");
      s.batch(b -> {
        b.set("b1", doc("{\"batch\":1}"));
        b.set("b2", doc("{\"nested\":{\"deep\":[1,2,{\"x\":\"\\u00e9\\n\\u0001\"}]}}"));
        b.delete("k09");
      });
      s.archive((id, v) -> id.equals("k01") || id.equals("k11"), "2024-Q1");
      s.set("k12", doc("{\"name\":\"task-12\",\"n\":3,\"tags\":[\"t\"],\"extra\":\"added\"}"));
      expected = dump(s);
    }
    // Leave a WAL that is not checkpointed, too.
    try (Store<JsonNode> s = Store.builder(dir, Codec.tree()).noCheckpointOnClose().open()) {
      s.set("wal-only", doc("{\"w\":1}"));
      expected = dump(s);
    }
    JsonNode node = Opslog.run("read-append", dir, "no-checkpoint");
    assertThat(node.get("records")).isEqualTo(expected);
    assertThat(node.get("archives").get("2024-Q1").fieldNames()).toIterable()
        .containsExactlyInAnyOrder("k01", "k11");
    try (Store<JsonNode> s = Store.open(dir)) {
      assertThat(dump(s)).isEqualTo(node.get("after"));
      assertThat(s.history("node-new")).hasSize(1);
    }
    // And once more after Linebase checkpointed on close: Node reads the Linebase snapshot.
    JsonNode again = Opslog.run("read-only", dir, null);
    assertThat(again.get("records")).isEqualTo(node.get("after"));
  }

  @Test
  void agentsInteroperate() throws Exception {
    JsonNode written = Opslog.run("agents-write", dir, null);
    try (Store<JsonNode> carol = Store.builder(dir, Codec.tree()).agentId("carol")
        .noCheckpointOnClose().open()) {
      assertThat(dump(carol)).isEqualTo(written.get("records"));
      assertThat(carol.get("shared").get("by").textValue()).isEqualTo("bob");
      carol.set("carol-new", doc("{\"by\":\"carol\"}"));
      carol.set("shared", doc("{\"by\":\"carol\"}"));
    }
    JsonNode node = Opslog.run("agents-read-append", dir, "dave");
    assertThat(node.get("records").get("carol-new")).isEqualTo(doc("{\"by\":\"carol\"}"));
    assertThat(node.get("records").get("shared")).isEqualTo(doc("{\"by\":\"carol\"}"));
    try (Store<JsonNode> carol = Store.builder(dir, Codec.tree()).agentId("carol").open()) {
      assertThat(dump(carol)).isEqualTo(node.get("after"));
      carol.compact();
    }
    JsonNode afterCompact = Opslog.run("agents-read-append", dir, "erin");
    assertThat(afterCompact.get("records")).isEqualTo(node.get("after"));
  }

  @Test
  void nodeSeesTheLinebaseLockAndLinebaseSeesNodes() throws Exception {
    try (Store<JsonNode> s = Store.open(dir)) {
      s.set("a", doc("{}"));
      JsonNode tried = Opslog.run("try-open", dir, null);
      assertThat(tried.get("opened").booleanValue()).isFalse();
      assertThat(tried.get("error").textValue())
          .contains("locked by process " + ProcessHandle.current().pid());
    }
    assertThat(Files.exists(dir.resolve(".lock"))).isFalse();
    JsonNode tried = Opslog.run("try-open", dir, null);
    assertThat(tried.get("opened").booleanValue()).isTrue();
  }

  /**
   * The WAL written through a memory map under {@code Durability.NONE} carries a tail of spaces
   * while open: Node reads it (live, as a read-only follower would), and reads and appends to one
   * left by a writer killed with {@code kill -9}; Linebase then reads what Node appended.
   */
  @Test
  void nodeReadsAPaddedMappedWalLiveAndAfterTheWriterIsKilled() throws Exception {
    Opslog.module();
    Path live = dir.resolve("live");
    try (Store<JsonNode> s = Store.builder(live, Codec.tree()).durability(Durability.NONE)
        .checkpointThreshold(0).noCheckpointOnClose().open()) {
      for (int i = 0; i < 30; i++) {
        s.set("k" + i, doc("{\"n\":" + i + "}"));
      }
      s.delete("k3");
      Path wal = live.resolve(s.manifest().activeOps());
      byte[] bytes = Files.readAllBytes(wal);
      int end = lastLineEnd(bytes);
      assertThat(bytes.length).as("padded while open").isGreaterThan(end);
      for (int i = end; i < bytes.length; i++) {
        assertThat(bytes[i]).as("byte " + i + " of the padding").isEqualTo((byte) ' ');
      }
      JsonNode node = Opslog.run("read-only", live, null);
      assertThat(node.get("records")).isEqualTo(dump(s));
      assertThat(node.get("ops").intValue()).isEqualTo(31);
    }
    Path wal = live.resolve("ops").toFile().listFiles()[0].toPath();
    byte[] closed = Files.readAllBytes(wal);
    assertThat(lastLineEnd(closed)).as("no padding after close").isEqualTo(closed.length);

    Path killed = dir.resolve("killed");
    CrashLoop.Round round = CrashLoop.of(MappedWalWriter.class, KillSchedule.afterAcks(40, 40))
        .withArgs(killed.toString(), "40").runRound(0, new java.util.Random(1));
    assertThat(round.acked()).hasSize(40);
    JsonNode node = Opslog.run("read-append", killed, "no-checkpoint");
    assertThat(node.get("records").size()).isEqualTo(40);
    for (String id : round.acked()) {
      assertThat(node.get("records").has(id)).as(id).isTrue();
    }
    try (Store<JsonNode> s = Store.open(killed)) {
      assertThat(dump(s)).isEqualTo(node.get("after"));
      assertThat(s.stats().tornBytesCut()).isZero();
    }
  }

  private static int lastLineEnd(byte[] bytes) {
    int end = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        end = i + 1;
      }
    }
    return end;
  }

  static ObjectNode doc(String json) {
    return StoreTest.doc(json);
  }

  static void copy(Path from, Path to) throws IOException {
    try (var walk = Files.walk(from)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
  }
}
