package dev.linebase.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.linebase.jsonl.Codec;
import dev.linebase.jsonl.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden files of format version 1, produced once by the real opslog 0.8.1 (see
 * {@code src/test/node/opslog-driver.mjs}) and never regenerated: Linebase reads them, and
 * re-encodes every manifest, op line and snapshot line to the same bytes.
 */
class GoldenFormatTest {
  static final Path V1 = Paths.get("src/test/resources/formats/v1");
  @TempDir Path tmp;

  @Test
  void nodeStoreReadsCompletely() throws IOException {
    Path dir = tmp.resolve("s");
    OpslogInteropTest.copy(V1.resolve("node-store"), dir);
    JsonNode expected = Json.mapper().readTree(V1.resolve("node-store.expected.json").toFile());
    try (Store<JsonNode> s = Store.builder(dir, Codec.tree()).readOnly().open()) {
      assertThat(OpslogInteropTest.dump(s)).isEqualTo(expected.get("records"));
      assertThat(s.archivePeriods()).containsExactly("2024-Q1");
      long walLines = Files.readAllLines(dir.resolve(s.manifest().activeOps())).size();
      assertThat(s.stats().opsCount()).isEqualTo(walLines);
    }
  }

  @Test
  void manifestsPrintByteForByte() throws IOException {
    for (String store : List.of("node-store", "legacy-snapshot")) {
      Path file = V1.resolve(store).resolve("manifest.json");
      String text = Files.readString(file);
      Manifest m = Manifest.parse(file, Json.mapper().readTree(text));
      assertThat(m.toJson()).as(store).isEqualTo(text);
    }
    // opslog prints activeAgentOps after stats when it adds an agent to an existing manifest;
    // Linebase writes it before archiveSegments, as opslog's compaction does. Same content.
    Path agents = V1.resolve("node-agents/manifest.json");
    Manifest m = Manifest.parse(agents, Json.mapper().readTree(agents.toFile()));
    assertThat(Json.mapper().readTree(m.toJson())).isEqualTo(Json.mapper().readTree(agents.toFile()));
    assertThat(m.activeAgentOps()).containsOnlyKeys("alice", "bob", "reader");
  }

  @Test
  void opLinesReencodeByteForByte() throws IOException {
    int lines = 0;
    for (String store : List.of("node-store", "node-agents")) {
      try (var files = Files.list(V1.resolve(store).resolve("ops"))) {
        for (Path f : (Iterable<Path>) files::iterator) {
          for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
            byte[] b = line.getBytes(StandardCharsets.UTF_8);
            OpLine op = OpLine.decode(b, 0, b.length);
            assertThat(new String(op.encode(), StandardCharsets.UTF_8)).as(f + ": " + line).isEqualTo(line);
            lines++;
          }
        }
      }
    }
    assertThat(lines).isGreaterThan(30);
  }

  @Test
  void deltaChoiceMatchesNode() throws IOException {
    int deltas = 0;
    try (var files = Files.list(V1.resolve("node-store/ops"))) {
      for (Path f : (Iterable<Path>) files::iterator) {
        for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
          byte[] b = line.getBytes(StandardCharsets.UTF_8);
          OpLine op = OpLine.decode(b, 0, b.length);
          if (!op.set || op.prev == null) {
            continue;
          }
          byte[] old = op.delta ? Delta.apply(op.data, op.prev) : op.prev;
          byte[] patch = Delta.reversePatch(old, op.data);
          assertThat(patch != null).as(line).isEqualTo(op.delta);
          if (op.delta) {
            assertThat(new String(patch, StandardCharsets.UTF_8))
                .isEqualTo(new String(op.prev, StandardCharsets.UTF_8));
            deltas++;
          }
        }
      }
    }
    assertThat(deltas).isPositive();
  }

  @Test
  void snapshotLinesReencodeByteForByte() throws IOException {
    try (var files = Files.list(V1.resolve("node-store/snapshots"))) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Path out = tmp.resolve(f.getFileName());
        java.util.Map<String, byte[]> recs = new java.util.LinkedHashMap<>();
        int version = SnapshotFile.read(f, recs::put);
        String original = Files.readString(f);
        String header = original.substring(0, original.indexOf('\n'));
        String ts = Json.mapper().readTree(header).get("timestamp").textValue();
        SnapshotFile.write(out, version, ts, recs.entrySet().iterator(), dev.linebase.io.Durability.SYNC);
        assertThat(Files.readString(out)).as(f.toString()).isEqualTo(original);
      }
    }
  }

  @Test
  void legacyMonolithicSnapshotIsReadable() throws IOException {
    Path dir = tmp.resolve("legacy");
    OpslogInteropTest.copy(V1.resolve("legacy-snapshot"), dir);
    try (Store<JsonNode> s = Store.open(dir)) {
      assertThat(s.count()).isEqualTo(4);
      assertThat(s.get("b").textValue()).isEqualTo("two");
      assertThat(s.get("d").get("d").intValue()).isEqualTo(4);
      try (var st = s.streamSnapshot()) {
        assertThat(st.count()).isEqualTo(3);
      }
    }
  }

  @Test
  void nodeAgentFilesMergeByClockThenAgent() throws IOException {
    Path dir = tmp.resolve("agents");
    OpslogInteropTest.copy(V1.resolve("node-agents"), dir);
    JsonNode expected = Json.mapper().readTree(V1.resolve("node-agents.expected.json").toFile());
    try (Store<JsonNode> s = Store.builder(dir, Codec.tree()).readOnly().open()) {
      assertThat(OpslogInteropTest.dump(s)).isEqualTo(expected.get("records"));
      try (var ops = s.walOps(null)) {
        List<Operation> all = ops.toList();
        for (int i = 1; i < all.size(); i++) {
          Operation a = all.get(i - 1);
          Operation b = all.get(i);
          assertThat(a.clock() < b.clock() || (a.clock() == b.clock() && a.agent().compareTo(b.agent()) <= 0))
              .isTrue();
        }
      }
    }
  }

  @Test
  void singleWriterOnAgentLayoutConvertsItWithoutLoss() throws IOException {
    Path dir = tmp.resolve("agents-single");
    OpslogInteropTest.copy(V1.resolve("node-agents"), dir);
    JsonNode expected = Json.mapper().readTree(V1.resolve("node-agents.expected.json").toFile());
    try (Store<JsonNode> s = Store.open(dir)) {
      assertThat(OpslogInteropTest.dump(s)).isEqualTo(expected.get("records"));
      assertThat(s.manifest().activeAgentOps()).isNull();
      s.set("single", StoreTest.doc("{}"));
    }
    try (Store<JsonNode> s = Store.builder(dir, Codec.tree()).agentId("zed").open()) {
      assertThat(s.count()).isEqualTo(expected.get("records").size() + 1);
    }
  }
}
