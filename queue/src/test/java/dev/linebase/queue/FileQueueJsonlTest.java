package dev.linebase.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FileQueueJsonlTest extends DurableQueueContract {

  @Override
  DurableQueue<String> open(Path location, QueueConfig config) throws IOException {
    return FileQueue.open(location, config);
  }

  @Override
  <T> DurableQueue<T> openTyped(Path location, QueueConfig config, Class<T> type)
      throws IOException {
    return FileQueue.open(location, config, type);
  }

  @Override
  Path location(Path dir) {
    return dir.resolve("queue");
  }

  /** A value whose serializer writes text that is not JSON. */
  record Raw(@com.fasterxml.jackson.annotation.JsonRawValue String body) {}

  @Test
  void everyPutIsCheckedByTheLogsRulesBeforeItIsWritten() throws IOException {
    try (FileQueue<Raw> q = FileQueue.open(tmp.resolve("raw"), QueueConfig.defaults(),
        Raw.class)) {
      assertThatThrownBy(() -> q.put(new Raw("{oops"))).isInstanceOf(
          IllegalArgumentException.class).hasMessageContaining("JSON");
      assertThat(q.size()).isZero();
    }
    QueueConfig txt = QueueConfig.builder().format(Format.TXT).build();
    try (FileQueue<String> q = FileQueue.open(tmp.resolve("txt"), txt)) {
      // Both passed the queue's own line check before, and failed only in the log's append,
      // where a combined batch fails as a whole.
      assertThatThrownBy(() -> q.put("a\u0000b")).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("NUL");
      assertThatThrownBy(() -> q.put("\uFEFFtext")).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("BOM");
      q.put("fine");
      assertThat(q.poll(10)).containsExactly("fine");
    }
  }

  @Test
  void oneShotPutCreatesTheDirectoryAndParents() throws IOException {
    Path dir = tmp.resolve("a/b/c");
    FileQueue.put(dir, "{\"x\":1}");
    FileQueue.put(dir, "[2]");
    try (FileQueue<String> q = FileQueue.open(dir)) {
      assertThat(q.poll(3)).containsExactly("{\"x\":1}", "[2]");
    }
  }

  @Test
  void aDrainedQueueUsesAlmostNoDisk() throws IOException {
    Path dir = location(tmp);
    QueueConfig c = QueueConfig.builder().segmentBytes(64 * 1024).build();
    try (FileQueue<String> q = FileQueue.open(dir, c)) {
      List<String> batch = new ArrayList<>();
      for (int i = 0; i < 20_000; i++) {
        batch.add("{\"i\":" + i + ",\"pad\":\"" + "p".repeat(100) + "\"}");
        if (batch.size() == 500) {
          q.putAll(batch);
          batch.clear();
        }
      }
      assertThat(QueueInfo.diskBytes(dir)).isGreaterThan(2_000_000);
      while (!q.poll(1000).isEmpty()) {
        // drain
      }
      q.applyRetention();
      assertThat(q.size()).isEqualTo(20_000);
      assertThat(q.remaining("default")).isZero();
      assertThat(QueueInfo.diskBytes(dir)).isLessThan(150_000);
    }
  }

  @Test
  void retentionKeepsWhatAnyGroupStillNeeds() throws IOException {
    Path dir = location(tmp);
    QueueConfig a = QueueConfig.builder().segmentBytes(8 * 1024).build();
    try (FileQueue<String> q = FileQueue.open(dir, a);
        FileQueue<String> slow = FileQueue.open(dir, a.withGroup("slow"))) {
      for (int i = 0; i < 2000; i++) {
        q.put("{\"i\":" + i + "}");
      }
      assertThat(slow.next()).isEqualTo("{\"i\":0}");
      while (q.poll() != null) {
        // drain default
      }
      q.applyRetention();
      assertThat(slow.poll(5000)).hasSize(1999);
      assertThat(q.groups()).containsExactly("default", "slow");
    }
  }

  @Test
  void pathsThatAreNotQueuesAreRejected() throws IOException {
    Path file = Files.writeString(tmp.resolve("plain.txt"), "x\n");
    assertThatThrownBy(() -> FileQueue.open(file)).isInstanceOf(IOException.class)
        .hasMessageContaining("is a file");
    Path other = tmp.resolve("other");
    Files.createDirectories(other);
    Files.writeString(other.resolve("data.csv"), "a,b\n");
    assertThatThrownBy(() -> FileQueue.open(other)).isInstanceOf(IOException.class)
        .hasMessageContaining("not a linebase queue");
    Path db = tmp.resolve("q.db");
    SqliteQueue.open(db, QueueConfig.defaults()).close();
    assertThatThrownBy(() -> FileQueue.open(db)).isInstanceOf(IOException.class)
        .hasMessageContaining("sqlite");
    Path fq = tmp.resolve("fq");
    FileQueue.open(fq).close();
    assertThatThrownBy(() -> SqliteQueue.open(fq, QueueConfig.defaults()))
        .isInstanceOf(IOException.class).hasMessageContaining("FileQueue");
  }
}
