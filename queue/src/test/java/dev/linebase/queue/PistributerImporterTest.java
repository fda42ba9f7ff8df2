package dev.linebase.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.linebase.io.CorruptFileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PistributerImporterTest {
  @TempDir Path tmp;

  private SqliteQueue<String> queue() throws IOException {
    return SqliteQueue.open(tmp.resolve("q.db"), QueueConfig.defaults());
  }

  @Test
  void importsInUseFromItsIndexThenTheChannel() throws IOException {
    Path ch = tmp.resolve("ch.jsonl");
    Files.writeString(tmp.resolve("ch.jsonl.in_use"), "{\"a\":0}\n{\"a\":1}\n{\"a\":2}\n");
    Files.writeString(tmp.resolve("ch.jsonl.index"), "{\"index\": 2}");
    Files.writeString(ch, "{\"b\":0}\n\n{\"b\":1}");
    try (SqliteQueue<String> q = queue()) {
      PistributerImporter.Result r = PistributerImporter.importChannel(ch, q);
      assertThat(r).isEqualTo(new PistributerImporter.Result(2, 3));
      assertThat(q.poll(10)).containsExactly("{\"a\":2}", "{\"b\":0}", "{\"b\":1}");
    }
  }

  @Test
  void withoutInUseTheIndexCountsTheChannel() throws IOException {
    Path ch = tmp.resolve("ch.jsonl");
    Files.writeString(ch, "1\n2\n3\n");
    Files.writeString(tmp.resolve("ch.jsonl.index"), "{\"index\": 1}\n");
    try (SqliteQueue<String> q = queue()) {
      assertThat(PistributerImporter.importChannel(ch, q).imported()).isEqualTo(2);
      assertThat(q.poll(10)).containsExactly("2", "3");
    }
  }

  @Test
  void badInputIsReportedWithItsLocation() throws IOException {
    Path ch = tmp.resolve("ch.jsonl");
    try (SqliteQueue<String> q = queue()) {
      assertThatThrownBy(() -> PistributerImporter.importChannel(ch, q))
          .isInstanceOf(IOException.class).hasMessageContaining("no pistributer channel");
      Files.writeString(ch, "1\nnot json\n");
      assertThatThrownBy(() -> PistributerImporter.importChannel(ch, q))
          .isInstanceOf(CorruptFileException.class).hasMessageContaining("line 1");
      Files.writeString(ch, "1\n");
      Files.writeString(tmp.resolve("ch.jsonl.index"), "{\"idx\": 1}");
      assertThatThrownBy(() -> PistributerImporter.importChannel(ch, q))
          .isInstanceOf(CorruptFileException.class).hasMessageContaining("index");
      Files.writeString(tmp.resolve("ch.jsonl.index"), "{\"index\": 5}");
      assertThatThrownBy(() -> PistributerImporter.importChannel(ch, q))
          .isInstanceOf(IOException.class).hasMessageContaining("5 were consumed");
    }
  }
}
