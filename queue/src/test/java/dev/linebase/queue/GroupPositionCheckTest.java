package dev.linebase.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.linebase.io.Durability;
import dev.linebase.testkit.FileDamage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A group position beyond the log's end (lines lost to a power loss) is moved back to it. */
class GroupPositionCheckTest {
  @TempDir Path tmp;

  /** Puts and consumes {@code n} messages, then cuts the log after its first {@code keep} lines. */
  private Path consumedThenLost(int n, int keep) throws IOException {
    Path dir = tmp.resolve("q");
    try (FileQueue<String> q = FileQueue.open(dir)) {
      for (int i = 0; i < n; i++) {
        q.put("{\"n\":" + i + "}");
      }
      assertThat(q.poll(n)).hasSize(n);
      assertThat(q.position("default")).isEqualTo(n);
    }
    Path segment;
    try (Stream<Path> files = Files.list(QueueFiles.log(dir))) {
      segment = files.filter(p -> p.toString().endsWith(".jsonl")).findFirst().orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(segment);
    int lines = 0;
    int cut = 0;
    while (lines < keep) {
      if (bytes[cut++] == '\n') {
        lines++;
      }
    }
    FileDamage.truncate(segment, cut);
    return dir;
  }

  @Test
  void newMessagesAfterLostLinesAreDeliveredNotSkipped() throws IOException {
    Path dir = consumedThenLost(10, 6);
    try (FileQueue<String> q = FileQueue.open(dir)) {
      assertThat(q.size()).isEqualTo(6);
      q.put("\"new1\"");
      q.put("\"new2\"");
      assertThat(q.poll()).as("the first message put after the loss").isEqualTo("\"new1\"");
      assertThat(q.poll()).isEqualTo("\"new2\"");
      assertThat(q.poll()).isNull();
      assertThat(q.position("default")).isEqualTo(8);
    }
  }

  @Test
  void aConsumerOpeningFirstRepairsThePositionToo() throws IOException {
    Path dir = consumedThenLost(10, 6);
    try (FileQueue<String> consumer = FileQueue.open(dir)) {
      assertThat(consumer.poll()).isNull(); // opens the consumer: the position moves back to 6
      assertThat(consumer.position("default")).isEqualTo(6);
      try (FileQueue<String> producer = FileQueue.open(dir)) {
        producer.put("\"after\"");
      }
      assertThat(consumer.poll()).isEqualTo("\"after\"");
    }
  }

  @Test
  void reportsTheGroupItsPositionAndTheLogEndOnce() throws IOException {
    Path dir = consumedThenLost(10, 6);
    List<GroupPositionCheck.Clamp> clamps =
        GroupPositionCheck.clampToLogEnd(dir, Durability.NONE, () -> 6);
    assertThat(clamps).containsExactly(new GroupPositionCheck.Clamp("default", 10, 6));
    assertThat(GroupPositionCheck.clampToLogEnd(dir, Durability.NONE, () -> 6)).isEmpty();
    try (GroupFile g = GroupFile.openReadOnly(QueueFiles.groupFile(dir, "default"))) {
      assertThat(GroupConsumer.cursor(g.readAll())).isEqualTo(6);
      assertThat(GroupConsumer.consumed(g.readAll())).isEqualTo(6);
    }
  }

  @Test
  void clampKeepsWhatLiesBeforeTheEnd() {
    SlotState s = new SlotState(7, 4, 9, 12, 0b1010, 55);
    assertThat(GroupPositionCheck.clamp(s, 7)).isEqualTo(new SlotState(8, 4, 7, 7, 0b010, 55));
    assertThat(GroupPositionCheck.clamp(s, 3)).isEqualTo(new SlotState(8, 3, 3, 3, 0, 55));
  }
}
