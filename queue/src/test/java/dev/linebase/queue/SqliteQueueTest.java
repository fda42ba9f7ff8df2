package dev.linebase.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqliteQueueTest extends DurableQueueContract {

  @Override
  DurableQueue<String> open(Path location, QueueConfig config) throws IOException {
    return SqliteQueue.open(location, config);
  }

  @Override
  <T> DurableQueue<T> openTyped(Path location, QueueConfig config, Class<T> type)
      throws IOException {
    return SqliteQueue.open(location, config, type);
  }

  @Override
  Path location(Path dir) {
    return dir.resolve("queue.db");
  }

  @Test
  void consumedRowsAreDeleted() throws IOException {
    Path db = location(tmp);
    try (SqliteQueue<String> q = SqliteQueue.open(db, QueueConfig.defaults())) {
      List<String> values = new ArrayList<>();
      for (int i = 0; i < 5000; i++) {
        values.add("{\"i\":" + i + ",\"pad\":\"" + "p".repeat(100) + "\"}");
      }
      q.putAll(values);
      while (q.poll() != null) {
        // drain
      }
      q.compact();
      assertThat(q.size()).isEqualTo(5000);
      assertThat(q.remaining("default")).isZero();
    }
    try (SqliteQueue<String> q = SqliteQueue.open(db, QueueConfig.defaults())) {
      q.put("1");
      assertThat(q.next()).isEqualTo("1");
      assertThat(q.position("default")).isEqualTo(5001);
    }
  }

  @Test
  void aDirectoryOrAForeignFileIsRejected() throws IOException {
    assertThatThrownBy(() -> SqliteQueue.open(tmp, QueueConfig.defaults()))
        .isInstanceOf(IOException.class).hasMessageContaining("is a directory");
    Path text = Files.writeString(tmp.resolve("notes.txt"), "hello\n");
    assertThatThrownBy(() -> SqliteQueue.open(text, QueueConfig.defaults()))
        .isInstanceOf(IOException.class).hasMessageContaining("not a sqlite database");
  }
}
