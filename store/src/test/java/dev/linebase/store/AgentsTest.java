package dev.linebase.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.linebase.jsonl.Codec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Multi-writer agents: per-agent WALs, Lamport clocks, LWW merge, compaction lock, undo. */
class AgentsTest {
  @TempDir Path dir;

  private Store<JsonNode> agent(String id) throws IOException {
    return Store.builder(dir, Codec.tree()).agentId(id).noCheckpointOnClose()
        .checkpointThreshold(0).open();
  }

  @Test
  void ownWalsAndLastWriterWinsWithTiesToTheHigherAgent() throws IOException {
    try (Store<JsonNode> a = agent("alice"); Store<JsonNode> b = agent("bob")) {
      a.set("x", StoreTest.doc("{\"by\":\"alice\"}")); // alice clock 1
      b.set("x", StoreTest.doc("{\"by\":\"bob\"}")); // bob clock 1 (bob has not seen alice yet? it has: reload)
      a.set("only-a", StoreTest.doc("{}"));
      assertThat(a.manifest().activeAgentOps()).containsKeys("alice", "bob");
      assertThat(Files.list(dir.resolve("ops")).map(p -> p.getFileName().toString()))
          .anyMatch(n -> n.startsWith("agent-alice-")).anyMatch(n -> n.startsWith("agent-bob-"));
    }
    try (Store<JsonNode> c = Store.builder(dir, Codec.tree()).readOnly().open()) {
      assertThat(c.count()).isEqualTo(2);
      List<Operation> ops = c.ops(null);
      assertThat(ops).allMatch(o -> o.agent() != null && o.clock() > 0);
    }
  }

  @Test
  void sameClockConflictGoesToLexicographicallyHigherAgent() throws IOException {
    // Two agents that have not seen each other's op both write clock 1.
    try (Store<JsonNode> z = agent("zoe")) {
      z.set("k", StoreTest.doc("{\"by\":\"zoe\"}"));
    }
    Path zoeWal = dir.resolve(Manifest.readIfExists(dir).activeAgentOps().get("zoe"));
    String zoeLine = Files.readString(zoeWal);
    Files.writeString(zoeWal, "");
    try (Store<JsonNode> a = agent("adam")) {
      a.set("k", StoreTest.doc("{\"by\":\"adam\"}"));
    }
    Files.writeString(zoeWal, zoeLine);
    try (Store<JsonNode> r = Store.builder(dir, Codec.tree()).readOnly().open()) {
      assertThat(r.get("k").get("by").textValue()).isEqualTo("zoe");
      assertThat(r.ops(null)).extracting(Operation::clock).containsExactly(1L, 1L);
    }
  }

  @Test
  void compactionTakesTheLockAndOtherAgentsReRegister() throws IOException {
    try (Store<JsonNode> a = agent("alice"); Store<JsonNode> b = agent("bob")) {
      a.set("a1", StoreTest.doc("{}"));
      b.set("b1", StoreTest.doc("{}"));
      a.compact();
      assertThat(Files.exists(dir.resolve(".compact-lock"))).isFalse();
      assertThat(a.manifest().activeAgentOps()).containsOnlyKeys("alice");
      b.set("b2", StoreTest.doc("{}")); // sees the new manifest, registers a new WAL first
      assertThat(b.manifest().activeAgentOps()).containsKeys("alice", "bob");
      a.refresh();
      assertThat(a.count()).isEqualTo(3);
      Files.writeString(dir.resolve(".compact-lock"), Long.toString(ProcessHandle.current().pid()));
      a.compact(); // held by a live process: skipped, as in opslog
      assertThat(a.stats().opsCount()).isEqualTo(1);
      Files.delete(dir.resolve(".compact-lock"));
    }
    try (Store<JsonNode> r = Store.builder(dir, Codec.tree()).readOnly().open()) {
      assertThat(r.count()).isEqualTo(3);
    }
  }

  @Test
  void agentUndoRemovesItsOwnLastOp() throws IOException {
    try (Store<JsonNode> a = agent("alice"); Store<JsonNode> b = agent("bob")) {
      a.set("x", StoreTest.doc("{\"v\":1}"));
      b.set("y", StoreTest.doc("{\"v\":1}"));
      a.set("x", StoreTest.doc("{\"v\":2}"));
      assertThat(b.undo()).isTrue();
      assertThat(b.has("y")).isFalse();
      assertThat(a.undo()).isTrue();
      assertThat(a.get("x").get("v").intValue()).isEqualTo(1);
      assertThat(b.undo()).isFalse();
    }
  }

}
