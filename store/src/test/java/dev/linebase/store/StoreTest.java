package dev.linebase.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.linebase.io.Durability;
import dev.linebase.io.FileLock;
import dev.linebase.jsonl.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreTest {
  @TempDir Path dir;

  static ObjectNode doc(String json) {
    try {
      return (ObjectNode) Json.mapper().readTree(json);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** A plain Java record type through Jackson. */
  public record Task(String title, int priority, boolean done) {}

  @Test
  void lifecycleAndCrud() throws IOException {
    Store<JsonNode> s = Store.open(dir);
    assertThat(Files.exists(dir.resolve("manifest.json"))).isTrue();
    assertThat(Files.exists(dir.resolve(".lock"))).isTrue();
    s.set("a", doc("{\"x\":1}"));
    s.set("b", doc("{\"x\":2}"));
    assertThat(s.get("a")).isEqualTo(doc("{\"x\":1}"));
    assertThat(s.has("b")).isTrue();
    assertThat(s.get("zzz")).isNull();
    s.delete("b");
    assertThat(s.has("b")).isFalse();
    assertThatThrownBy(() -> s.delete("b")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'b' not found");
    assertThat(s.count()).isEqualTo(1);
    s.close();
    s.close(); // idempotent
    assertThat(Files.exists(dir.resolve(".lock"))).as("lock removed on close").isFalse();
    assertThatThrownBy(() -> s.get("a")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not open");
    try (Store<JsonNode> again = Store.open(dir)) {
      assertThat(again.get("a")).isEqualTo(doc("{\"x\":1}"));
      assertThat(again.count()).isEqualTo(1);
    }
  }

  @Test
  void typedRecordsAndQueries() throws IOException {
    try (Store<Task> s = Store.builder(dir, Task.class).open()) {
      for (int i = 0; i < 10; i++) {
        s.set("t" + i, new Task("task " + i, i % 3, i % 2 == 0));
      }
      assertThat(s.get("t4")).isEqualTo(new Task("task 4", 1, true));
      assertThat(s.filter((id, t) -> t.done())).hasSize(5);
      assertThat(s.count((id, t) -> t.priority() == 0)).isEqualTo(4);
      assertThat(s.all()).hasSize(10);
      assertThat(s.entries()).extracting(Map.Entry::getKey).contains("t0", "t9");
    }
  }

  @Test
  void valuesThatAreNotJsonMappableAreRejected() throws IOException {
    try (Store<Object> s = Store.builder(dir, Object.class).open()) {
      assertThatThrownBy(() -> s.set("x", new Object())).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not JSON-mappable");
      assertThatThrownBy(() -> s.set("", Map.of())).isInstanceOf(IllegalArgumentException.class);
      assertThat(s.count()).isZero();
      assertThat(s.stats().opsCount()).isZero();
    }
  }

  @Test
  void deltaEncodingFollowsOpslog() throws IOException {
    try (Store<JsonNode> s = Store.builder(dir, dev.linebase.jsonl.Codec.tree())
        .checkpointThreshold(0).open()) {
      s.set("a", doc("{\"name\":\"alpha\",\"n\":1,\"tags\":[\"x\"],\"nested\":{\"k\":\"v\"}}"));
      s.set("a", doc("{\"name\":\"alpha\",\"n\":2,\"tags\":[\"x\"],\"nested\":{\"k\":\"v\"},\"extra\":true}"));
      s.set("b", doc("{\"name\":\"beta\",\"n\":2}"));
      s.set("b", doc("{\"other\":1}"));
      s.delete("b");
      // stripTrailing: an open WAL ends in padding spaces (see WalMapping), as opslog's trim() reads it
      String wal = Files.readString(dir.resolve(s.manifest().activeOps())).stripTrailing();
      String[] lines = wal.split("\n");
      assertThat(lines).hasSize(5);
      assertThat(lines[1]).matches("\\{\"ts\":\"[0-9TZ:.-]+\",\"op\":\"set\",\"id\":\"a\","
          + "\"prev\":\\{\"\\$set\":\\{\"n\":1\\},\"\\$unset\":\\[\"extra\"\\]\\},"
          + "\"data\":\\{.*\"extra\":true\\},\"encoding\":\"delta\"\\}");
      assertThat(lines[3]).contains("\"prev\":{\"name\":\"beta\",\"n\":2},\"data\":{\"other\":1}}");
      assertThat(lines[4]).endsWith("\"op\":\"delete\",\"id\":\"b\",\"prev\":{\"other\":1}}");
    }
  }

  @Test
  void batchIsOneAppendAndRollsBackOnFailure() throws IOException {
    try (Store<JsonNode> s = Store.open(dir)) {
      s.set("keep", doc("{\"v\":1}"));
      s.batch(b -> {
        b.set("x", doc("{\"v\":1}"));
        b.set("y", doc("{\"v\":2}"));
        b.delete("keep");
      });
      assertThat(s.has("keep")).isFalse();
      assertThat(s.stats().opsCount()).isEqualTo(4);
      long walBytes = Files.size(dir.resolve(s.manifest().activeOps()));
      assertThatThrownBy(() -> s.batch(b -> {
        b.set("x", doc("{\"v\":99}"));
        b.set("z", doc("{\"v\":3}"));
        b.delete("missing");
      })).isInstanceOf(IllegalArgumentException.class);
      assertThat(s.get("x")).isEqualTo(doc("{\"v\":1}"));
      assertThat(s.has("z")).isFalse();
      assertThat(s.stats().opsCount()).isEqualTo(4);
      assertThat(Files.size(dir.resolve(s.manifest().activeOps()))).isEqualTo(walBytes);
    }
  }

  @Test
  void undoOfCreateUpdateDeleteKeepsDiskInAgreement() throws IOException {
    try (Store<JsonNode> s = Store.builder(dir, dev.linebase.jsonl.Codec.tree())
        .checkpointThreshold(0).noCheckpointOnClose().open()) {
      s.set("a", doc("{\"v\":1,\"w\":\"long enough to pick a delta over the full document\"}"));
      s.set("a", doc("{\"v\":2,\"w\":\"long enough to pick a delta over the full document\"}"));
      s.set("b", doc("{\"v\":1}"));
      s.delete("b");
      assertThat(s.undo()).isTrue(); // delete
      assertThat(s.get("b")).isEqualTo(doc("{\"v\":1}"));
      assertThat(s.undo()).isTrue(); // create of b
      assertThat(s.has("b")).isFalse();
      assertThat(s.undo()).isTrue(); // delta update of a
      assertThat(s.get("a").get("v").intValue()).isEqualTo(1);
      assertThat(s.history("a")).hasSize(1);
    }
    try (Store<JsonNode> s = Store.open(dir)) {
      assertThat(s.get("a").get("v").intValue()).isEqualTo(1);
      assertThat(s.has("b")).isFalse();
      assertThat(s.undo()).isTrue();
      assertThat(s.has("a")).isFalse();
      assertThat(s.undo()).isFalse();
    }
  }

  @Test
  void undoAfterTornLastLine() throws IOException {
    String ops;
    try (Store<JsonNode> s = Store.builder(dir, dev.linebase.jsonl.Codec.tree())
        .noCheckpointOnClose().open()) {
      s.set("a", doc("{\"v\":1}"));
      s.set("b", doc("{\"v\":2}"));
      ops = s.manifest().activeOps();
    }
    Files.writeString(dir.resolve(ops), "{\"ts\":\"2026-01-01T00:00:00.000Z\",\"op\":\"set\",\"id\":\"c\",\"pr",
        java.nio.file.StandardOpenOption.APPEND);
    try (Store<JsonNode> s = Store.open(dir)) {
      assertThat(s.has("c")).isFalse();
      assertThat(s.undo()).isTrue();
      assertThat(s.has("b")).isFalse();
      assertThat(s.has("a")).isTrue();
    }
    try (Store<JsonNode> s = Store.open(dir)) {
      assertThat(s.has("b")).as("memory and disk agree after undo over a torn tail").isFalse();
      assertThat(s.has("a")).isTrue();
    }
  }

  @Test
  void historyAndOpsSince() throws IOException {
    try (Store<JsonNode> s = Store.open(dir)) {
      s.set("a", doc("{\"v\":1}"));
      s.set("b", doc("{\"v\":1}"));
      s.set("a", doc("{\"v\":2}"));
      List<Operation> h = s.history("a");
      assertThat(h).hasSize(2);
      assertThat(h.get(0).type()).isEqualTo(Operation.Type.SET);
      assertThat(h.get(0).prev()).isNull();
      assertThat(h.get(1).prev()).isEqualTo(doc("{\"v\":1}"));
      assertThat(s.ops(null)).hasSize(3);
      assertThat(s.ops(h.get(1).ts())).isEmpty();
      assertThat(s.ops("2000-01-01T00:00:00.000Z")).hasSize(3);
    }
  }

  @Test
  void autoCheckpointDeletesSupersededFilesKeepingOnePrevious() throws IOException {
    try (Store<JsonNode> s = Store.builder(dir, dev.linebase.jsonl.Codec.tree())
        .checkpointThreshold(10).open()) {
      for (int i = 0; i < 95; i++) {
        s.set("k" + i, doc("{\"i\":" + i + "}"));
        if (i == 50) {
          s.compact();
          s.compact();
          s.compact();
        }
      }
      assertThat(s.stats().opsCount()).isLessThan(95 - 50);
    }
    // Automatic checkpoints run in the background; close waits for them and checkpoints.
    assertThat(listNames(dir.resolve("snapshots"))).hasSize(2)
        .contains(Manifest.readIfExists(dir).currentSnapshot().substring("snapshots/".length()));
    assertThat(listNames(dir.resolve("ops"))).hasSize(2);
    try (Store<JsonNode> s = Store.open(dir)) {
      assertThat(s.count()).isEqualTo(95);
      assertThat(s.stats().opsCount()).isZero();
      assertThat(s.manifest().stats().activeRecords()).isEqualTo(95);
    }
  }

  @Test
  void compactAndReopenInEveryMode() throws IOException {
    for (WriteMode mode : WriteMode.values()) {
      Path d = dir.resolve(mode.name());
      try (Store<JsonNode> s = Store.builder(d, dev.linebase.jsonl.Codec.tree()).writeMode(mode)
          .checkpointThreshold(7).open()) {
        for (int i = 0; i < 50; i++) {
          s.set("k" + (i % 20), doc("{\"i\":" + i + "}"));
        }
        s.compact();
        s.set("after", doc("{\"x\":1}"));
        s.flush();
      }
      try (Store<JsonNode> s = Store.open(d)) {
        assertThat(s.count()).as(mode.name()).isEqualTo(21);
        assertThat(s.get("k5").get("i").intValue()).isEqualTo(45);
      }
    }
  }

  @Test
  void asyncModeCheckpointsAutomatically() throws IOException {
    try (Store<JsonNode> s = Store.builder(dir, dev.linebase.jsonl.Codec.tree())
        .writeMode(WriteMode.ASYNC).checkpointThreshold(10).open()) {
      for (int i = 0; i < 35; i++) {
        s.set("k" + i, doc("{\"i\":" + i + "}"));
      }
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (s.manifest().stats().activeRecords() == 0 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(s.manifest().stats().activeRecords()).as("a checkpoint ran in ASYNC mode").isPositive();
      assertThat(s.stats().opsCount()).isLessThan(35);
    }
  }

  @Test
  void archiveMovesRecordsAndUsesQuarterNames() throws IOException {
    try (Store<JsonNode> s = Store.open(dir)) {
      for (int i = 0; i < 6; i++) {
        s.set("k" + i, doc("{\"old\":" + (i < 3) + "}"));
      }
      int n = s.archive((id, v) -> v.get("old").booleanValue(), "2024-Q1");
      assertThat(n).isEqualTo(3);
      assertThat(s.count()).isEqualTo(3);
      assertThat(s.archivePeriods()).containsExactly("2024-Q1");
      assertThat(s.loadArchive("2024-Q1")).containsOnlyKeys("k0", "k1", "k2");
      assertThat(s.stats().archivedRecords()).isEqualTo(3);
      int m = s.archive((id, v) -> id.equals("k3"));
      assertThat(m).isEqualTo(1);
      assertThat(s.archivePeriods()).hasSize(2);
      assertThat(s.archivePeriods().get(1)).matches("\\d{4}-Q[1-4]");
      assertThatThrownBy(() -> s.archive((id, v) -> true, "../escape"))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("escape");
      assertThatThrownBy(() -> s.loadArchive("../../etc/passwd"))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> s.loadArchive("1999-Q1")).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not found");
    }
    try (Store<JsonNode> s = Store.open(dir)) {
      assertThat(s.count()).isEqualTo(2);
      assertThat(s.manifest().stats().archivedRecords()).isEqualTo(4);
      String archive = Files.readString(dir.resolve("archive/archive-2024-Q1.json"));
      assertThat(archive).startsWith("{\n  \"version\": 1,\n  \"period\": \"2024-Q1\",\n  \"timestamp\": \"")
          .contains("\n  \"records\": {\n    \"k0\": {\n      \"old\": true\n    },");
    }
  }

  @Test
  void readOnlyRejectsMutationsAndNeedsAStore() throws IOException {
    assertThatThrownBy(() -> Store.builder(dir, dev.linebase.jsonl.Codec.tree()).readOnly().open())
        .isInstanceOf(NoSuchFileException.class).hasMessageContaining("no existing store");
    try (Store<JsonNode> w = Store.open(dir)) {
      w.set("a", doc("{\"v\":1}"));
      try (Store<JsonNode> r = Store.builder(dir, dev.linebase.jsonl.Codec.tree()).readOnly().open()) {
        assertThat(r.get("a")).isEqualTo(doc("{\"v\":1}"));
        assertThatThrownBy(() -> r.set("b", doc("{}"))).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("read-only");
        assertThatThrownBy(r::undo).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(r::compact).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> r.delete("a")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> r.archive((id, v) -> true, "x")).isInstanceOf(IllegalStateException.class);
      }
    }
  }

  @Test
  void secondOpenFailsAndStalePidIsRecovered() throws IOException {
    try (Store<JsonNode> s = Store.open(dir)) {
      s.set("a", doc("{}"));
      assertThatThrownBy(() -> Store.open(dir)).isInstanceOf(FileLock.LockedException.class)
          .hasMessageContaining("locked by");
    }
    long dead = deadPid();
    Files.writeString(dir.resolve(".lock"), Long.toString(dead), StandardCharsets.US_ASCII);
    try (Store<JsonNode> s = Store.open(dir)) {
      assertThat(s.has("a")).isTrue();
      assertThat(StoreLock.readPid(dir.resolve(".lock"))).isEqualTo(ProcessHandle.current().pid());
    }
    assertThat(Files.exists(dir.resolve(".lock"))).isFalse();
  }

  @Test
  void lockHeldByAnotherLiveProcessNamesItsPid() throws Exception {
    Process p = new ProcessBuilder("sleep", "30").start();
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(".lock"), Long.toString(p.pid()));
      assertThatThrownBy(() -> Store.open(dir)).isInstanceOf(FileLock.LockedException.class)
          .hasMessageContaining("locked by process " + p.pid());
    } finally {
      p.destroyForcibly().waitFor();
    }
    try (Store<JsonNode> s = Store.open(dir)) {
      assertThat(s.count()).isZero();
    }
  }

  static long deadPid() throws IOException {
    try {
      Process p = new ProcessBuilder("true").start();
      p.waitFor();
      return p.pid();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void skipLoadWritesWithoutReading() throws IOException {
    try (Store<JsonNode> s = Store.open(dir)) {
      s.set("a", doc("{\"v\":1}"));
    }
    try (Store<JsonNode> s = Store.builder(dir, dev.linebase.jsonl.Codec.tree()).skipLoad()
        .checkpointThreshold(2).open()) {
      assertThat(s.count()).isZero();
      s.set("b", doc("{\"v\":2}"));
      s.set("c", doc("{\"v\":3}"));
      s.set("d", doc("{\"v\":4}"));
      assertThatThrownBy(s::compact).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("skip-load");
    }
    try (Store<JsonNode> s = Store.open(dir)) {
      assertThat(s.count()).isEqualTo(4);
    }
  }

  @Test
  void migrationUpgradesOlderSnapshots() throws IOException {
    try (Store<JsonNode> s = Store.open(dir)) {
      s.set("a", doc("{\"name\":\"x\"}"));
    }
    try (Store<JsonNode> s = Store.builder(dir, dev.linebase.jsonl.Codec.tree())
        .schemaVersion(2, (rec, from) -> ((ObjectNode) rec.deepCopy()).put("migratedFrom", from)).open()) {
      assertThat(s.get("a").get("migratedFrom").intValue()).isEqualTo(1);
      s.compact();
      assertThat(s.manifest().version()).isEqualTo(2);
    }
    String snap = Files.readString(dir.resolve(Manifest.readIfExists(dir).currentSnapshot()));
    assertThat(snap).startsWith("{\"version\":2,\"timestamp\":\"");
  }

  @Test
  void manyWriterThreadsWithCompactionInGroupMode() throws Exception {
    int threads = 8;
    int perThread = 200;
    try (Store<JsonNode> s = Store.builder(dir, dev.linebase.jsonl.Codec.tree())
        .writeMode(WriteMode.GROUP).checkpointThreshold(150).open()) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int tt = t;
        fs.add(pool.submit(() -> {
          for (int i = 0; i < perThread; i++) {
            s.set("t" + tt + "-" + i, doc("{\"t\":" + tt + ",\"i\":" + i + "}"));
            if (i % 50 == 0) {
              s.compact();
            }
          }
          return null;
        }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
      pool.shutdown();
      assertThat(s.count()).isEqualTo(threads * perThread);
    }
    try (Store<JsonNode> s = Store.builder(dir, dev.linebase.jsonl.Codec.tree())
        .durability(Durability.NONE).open()) {
      assertThat(s.count()).isEqualTo(threads * perThread);
      assertThat(s.get("t3-199").get("i").intValue()).isEqualTo(199);
    }
  }

  @Test
  void streamingReadsSnapshotAndWal() throws IOException {
    try (Store<JsonNode> s = Store.builder(dir, dev.linebase.jsonl.Codec.tree())
        .checkpointThreshold(0).open()) {
      for (int i = 0; i < 5; i++) {
        s.set("k" + i, doc("{\"i\":" + i + "}"));
      }
      s.compact();
      s.set("k9", doc("{\"i\":9}"));
      try (var st = s.streamSnapshot()) {
        assertThat(st.map(Map.Entry::getKey)).containsExactlyInAnyOrder("k0", "k1", "k2", "k3", "k4");
      }
      try (var ops = s.walOps(null)) {
        assertThat(ops.map(Operation::id)).containsExactly("k9");
      }
      assertThat(s.manifest().stats().activeRecords()).isEqualTo(5);
    }
  }

  static List<String> listNames(Path d) throws IOException {
    try (var st = Files.list(d)) {
      return st.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void setAsyncInGroupModeCompletesOnceWrittenAndSurvivesReopen() throws Exception {
    List<java.util.concurrent.CompletableFuture<Void>> futures = new ArrayList<>();
    try (Store<JsonNode> s = Store.builder(dir, dev.linebase.jsonl.Codec.tree())
        .writeMode(WriteMode.GROUP).checkpointThreshold(50).open()) {
      for (int i = 0; i < 200; i++) {
        futures.add(s.setAsync("k" + i, doc("{\"i\":" + i + "}")));
      }
      java.util.concurrent.CompletableFuture.allOf(futures.toArray(new java.util.concurrent.CompletableFuture<?>[0]))
          .get(30, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
      assertThat(s.count()).isEqualTo(200);
    }
    try (Store<JsonNode> s = Store.open(dir)) {
      assertThat(s.count()).isEqualTo(200);
      assertThat(s.get("k199").get("i").intValue()).isEqualTo(199);
    }
    try (Store<JsonNode> s = Store.open(dir)) {
      assertThatThrownBy(() -> s.setAsync("x", doc("{}"))).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("GROUP");
    }
  }

  @Test
  void setAsyncAndBlockingSetsFromManyThreadsShareGroupCommits() throws Exception {
    int threads = 8;
    int perThread = 150;
    try (Store<JsonNode> s = Store.builder(dir, dev.linebase.jsonl.Codec.tree())
        .writeMode(WriteMode.GROUP).checkpointThreshold(100).open()) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<List<java.util.concurrent.CompletableFuture<Void>>>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int tt = t;
          results.add(pool.submit(() -> {
            List<java.util.concurrent.CompletableFuture<Void>> mine = new ArrayList<>();
            for (int i = 0; i < perThread; i++) {
              if (i % 3 == 0) {
                s.set("t" + tt + "-" + i, doc("{\"i\":" + i + "}"));
              } else {
                mine.add(s.setAsync("t" + tt + "-" + i, doc("{\"i\":" + i + "}")));
              }
            }
            return mine;
          }));
        }
        for (Future<List<java.util.concurrent.CompletableFuture<Void>>> r : results) {
          for (java.util.concurrent.CompletableFuture<Void> f : r.get(60, java.util.concurrent.TimeUnit.SECONDS)) {
            f.get(60, java.util.concurrent.TimeUnit.SECONDS);
          }
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(s.count()).isEqualTo(threads * perThread);
    }
    try (Store<JsonNode> s = Store.open(dir)) {
      assertThat(s.count()).isEqualTo(threads * perThread);
      assertThat(s.get("t7-149").get("i").intValue()).isEqualTo(149);
    }
  }
}
