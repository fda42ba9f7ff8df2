package dev.linebase.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.linebase.io.Durability;
import dev.linebase.jsonl.Codec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackgroundCheckpointTest {
  @TempDir Path dir;

  /** Makes the snapshots directory unusable (a plain file in its place; chmod does not stop root). */
  private Path breakSnapshots() throws IOException {
    Path snapshots = dir.resolve("snapshots");
    Path aside = dir.resolve("snapshots-aside");
    Files.move(snapshots, aside);
    Files.writeString(snapshots, "not a directory");
    return aside;
  }

  private void repairSnapshots(Path aside) throws IOException {
    Path snapshots = dir.resolve("snapshots");
    Files.delete(snapshots);
    Files.move(aside, snapshots);
  }

  /** Calls flush until it reports the background failure; returns it. */
  private static IOException awaitReportedFailure(Store<JsonNode> s) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      try {
        s.flush();
      } catch (IOException e) {
        return e;
      }
      Thread.onSpinWait();
    }
    throw new AssertionError("no background checkpoint failure reported within 30 s");
  }

  @Test
  void failedBackgroundCheckpointIsReportedOnceAndNothingIsLost() throws IOException {
    for (WriteMode mode : WriteMode.values()) {
      Path storeDir = dir.resolve(mode.name());
      Files.createDirectories(storeDir);
      try (Store<JsonNode> s = Store.builder(storeDir, Codec.tree()).writeMode(mode)
          .durability(Durability.NONE).checkpointThreshold(10).noCheckpointOnClose().open()) {
        Path snapshots = storeDir.resolve("snapshots");
        Path aside = storeDir.resolve("snapshots-aside");
        Files.move(snapshots, aside);
        Files.writeString(snapshots, "not a directory");
        for (int i = 0; i < 10; i++) {
          s.set("k" + i, StoreTest.doc("{\"i\":" + i + "}"));
        }
        IOException reported = awaitReportedFailure(s);
        assertThat(reported).as(mode.name()).hasMessageContaining("background checkpoint to snapshots/snap-")
            .hasMessageContaining("failed");
        Files.delete(snapshots);
        Files.move(aside, snapshots);
        // Reported once: the store goes on, on its previous files, and the next threshold retries.
        s.set("k10", StoreTest.doc("{\"i\":10}"));
        s.flush();
        assertThat(s.count()).as(mode.name()).isEqualTo(11);
      }
      try (Store<JsonNode> s = Store.open(storeDir)) {
        assertThat(s.count()).as(mode.name()).isEqualTo(11);
      }
    }
  }

  @Test
  void nextSetThrowsAndDoesNotApplyItsOp() throws IOException {
    try (Store<JsonNode> s = Store.builder(dir, Codec.tree()).durability(Durability.NONE)
        .checkpointThreshold(5).noCheckpointOnClose().open()) {
      Path aside = breakSnapshots();
      for (int i = 0; i < 5; i++) {
        s.set("k" + i, StoreTest.doc("{\"i\":" + i + "}"));
      }
      s.core().awaitBackgroundCheckpoint();
      repairSnapshots(aside);
      assertThatThrownBy(() -> s.set("x", StoreTest.doc("{}"))).isInstanceOf(IOException.class)
          .hasMessageContaining("background checkpoint to snapshots/snap-");
      assertThat(s.has("x")).isFalse();
      s.set("x", StoreTest.doc("{}"));
      assertThat(s.has("x")).isTrue();
    }
    try (Store<JsonNode> s = Store.open(dir)) {
      assertThat(s.count()).isEqualTo(6);
    }
  }

  @Test
  void closeReportsAnUnreportedFailure() throws IOException {
    Store<JsonNode> s = Store.builder(dir, Codec.tree()).durability(Durability.NONE)
        .checkpointThreshold(3).noCheckpointOnClose().open();
    Path aside = breakSnapshots();
    for (int i = 0; i < 3; i++) {
      s.set("k" + i, StoreTest.doc("{\"i\":" + i + "}"));
    }
    s.core().awaitBackgroundCheckpoint();
    repairSnapshots(aside);
    assertThatThrownBy(s::close).isInstanceOf(IOException.class)
        .hasMessageContaining("background checkpoint to snapshots/snap-");
    s.close(); // idempotent, nothing more to report
    try (Store<JsonNode> again = Store.open(dir)) {
      assertThat(again.count()).isEqualTo(3);
    }
  }
}
