package dev.linebase.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.linebase.io.CorruptFileException;
import dev.linebase.jsonl.Codec;
import dev.linebase.testkit.FileDamage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input: clear errors naming the file and place, nothing lost, nothing silently skipped. */
class StoreCorruptionTest {
  @TempDir Path dir;

  private String writeSome(int n) throws IOException {
    try (Store<JsonNode> s = Store.builder(dir, Codec.tree()).noCheckpointOnClose()
        .checkpointThreshold(0).open()) {
      for (int i = 0; i < n; i++) {
        s.set("k" + i, StoreTest.doc("{\"i\":" + i + "}"));
      }
      return s.manifest().activeOps();
    }
  }

  @Test
  void malformedWalLineInSealedDataIsCorruption() throws IOException {
    Path wal = dir.resolve(writeSome(5));
    List<String> lines = Files.readAllLines(wal);
    lines.set(2, "{\"ts\":\"x\",\"op\":\"bogus\"}");
    Files.write(wal, lines);
    long before = Files.size(wal);
    assertThatThrownBy(() -> Store.open(dir)).isInstanceOf(CorruptFileException.class)
        .hasMessageContaining(wal.getFileName().toString()).hasMessageContaining("line 2")
        .hasMessageContaining("op must be \"set\" or \"delete\"");
    assertThat(Files.size(wal)).as("nothing cut").isEqualTo(before);
    assertThat(Files.exists(dir.resolve(".lock"))).as("lock released by the failed open").isFalse();
  }

  @Test
  void tornTailIsCutAndReported() throws IOException {
    Path wal = dir.resolve(writeSome(5));
    long good = Files.size(wal);
    Files.writeString(wal, "{\"ts\":\"2026", StandardOpenOption.APPEND);
    FileDamage.appendNuls(wal, 100);
    try (Store<JsonNode> s = Store.open(dir)) {
      assertThat(s.count()).isEqualTo(5);
      assertThat(s.stats().tornBytesCut()).isEqualTo(111);
      assertThat(Files.size(wal)).isEqualTo(good);
    }
  }

  @Test
  void invalidCompleteLastLineIsATornTail() throws IOException {
    Path wal = dir.resolve(writeSome(3));
    Files.writeString(wal, "{not json}\n", StandardOpenOption.APPEND);
    try (Store<JsonNode> s = Store.open(dir)) {
      assertThat(s.count()).isEqualTo(3);
      assertThat(s.stats().tornBytesCut()).isEqualTo(11);
    }
  }

  @Test
  void readOnlyLeavesATornTailAlone() throws IOException {
    Path wal = dir.resolve(writeSome(3));
    Files.writeString(wal, "{\"ts\":", StandardOpenOption.APPEND);
    long size = Files.size(wal);
    try (Store<JsonNode> s = Store.builder(dir, Codec.tree()).readOnly().open()) {
      assertThat(s.count()).isEqualTo(3);
    }
    assertThat(Files.size(wal)).isEqualTo(size);
  }

  @Test
  void manifestPointingAtMissingSnapshot() throws IOException {
    writeSome(2);
    Path snap = dir.resolve(Manifest.readIfExists(dir).currentSnapshot());
    Files.delete(snap);
    assertThatThrownBy(() -> Store.open(dir)).isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("snapshot file not found");
  }

  @Test
  void invalidManifestSnapshotAndArchive() throws IOException {
    writeSome(2);
    Path manifest = dir.resolve("manifest.json");
    String good = Files.readString(manifest);
    Files.writeString(manifest, good.replace("\"version\": 1", "\"version\": 0"));
    assertThatThrownBy(() -> Store.open(dir)).isInstanceOf(CorruptFileException.class)
        .hasMessageContaining("invalid manifest: version");
    Files.writeString(manifest, "{\"version\":");
    assertThatThrownBy(() -> Store.open(dir)).isInstanceOf(CorruptFileException.class)
        .hasMessageContaining("manifest.json");
    Files.writeString(manifest, good);
    Path snap = dir.resolve(Manifest.readIfExists(dir).currentSnapshot());
    Files.writeString(snap, "{\"id\":\"x\",\"data\":1}\n", StandardOpenOption.APPEND);
    Files.writeString(snap, "[1,2]\n", StandardOpenOption.APPEND);
    assertThatThrownBy(() -> Store.open(dir)).isInstanceOf(CorruptFileException.class)
        .hasMessageContaining("line 2").hasMessageContaining("invalid snapshot record");
    Files.writeString(snap, "{\"version\":1,\"timestamp\":\"2026-01-01T00:00:00.000Z\"}\n");
    try (Store<JsonNode> s = Store.open(dir)) {
      s.set("a", StoreTest.doc("{}"));
      s.archive((id, v) -> true, "2020-Q1");
    }
    Files.writeString(dir.resolve("archive/archive-2020-Q1.json"), "{\"version\":1}");
    try (Store<JsonNode> s = Store.open(dir)) {
      assertThatThrownBy(() -> s.loadArchive("2020-Q1")).isInstanceOf(CorruptFileException.class)
          .hasMessageContaining("invalid archive segment");
    }
  }

  @Test
  void pathsThatEscapeTheDirectoryAreRejected() throws IOException {
    writeSome(1);
    Path manifest = dir.resolve("manifest.json");
    String good = Files.readString(manifest);
    Files.writeString(manifest, good.replaceFirst("\"activeOps\": \"[^\"]+\"",
        "\"activeOps\": \"../../outside.jsonl\""));
    assertThatThrownBy(() -> Store.open(dir)).isInstanceOf(IOException.class)
        .hasMessageContaining("escapes the store directory");
    Files.writeString(manifest, good);
    assertThatThrownBy(() -> Store.builder(dir, Codec.tree()).agentId("../evil").open())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("escape");
    assertThatThrownBy(() -> Store.builder(dir, Codec.tree()).agentId("a/b").open())
        .isInstanceOf(IllegalArgumentException.class);
    try (Store<JsonNode> s = Store.open(dir)) {
      assertThatThrownBy(() -> s.archive((id, v) -> true, "..")).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> s.archive((id, v) -> true, "2024/Q1")).isInstanceOf(IllegalArgumentException.class);
      assertThat(s.count()).as("nothing lost").isEqualTo(1);
    }
    assertThat(Files.exists(dir.getParent().resolve("outside.jsonl"))).isFalse();
  }

  @Test
  void valuesTooLargeOrNullAreRejectedBeforeAnyByteIsWritten() throws IOException {
    try (Store<JsonNode> s = Store.builder(dir, Codec.tree()).maxRecordBytes(100).open()) {
      long walBefore = Files.size(dir.resolve(s.manifest().activeOps()));
      assertThatThrownBy(() -> s.set("big", StoreTest.doc("{\"x\":\"" + "y".repeat(200) + "\"}")))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxRecordBytes");
      assertThatThrownBy(() -> s.set("null", com.fasterxml.jackson.databind.node.NullNode.getInstance()))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("null");
      assertThat(Files.size(dir.resolve(s.manifest().activeOps()))).isEqualTo(walBefore);
      assertThat(s.count()).isZero();
    }
    byte[] bad = "{\"id\":\"a\",\"data\":{\"x\":\"\u00e9\"}}\n".getBytes(StandardCharsets.ISO_8859_1);
    assertThat(bad).isNotEmpty();
  }
}
