package dev.linebase.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The contract on the txt driver (its values are valid text lines too). */
class FileQueueTxtTest extends DurableQueueContract {

  @Override
  Format format() {
    return Format.TXT;
  }

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

  @Override
  void originalScenarioThreeHundredQueuesOfThirtyRows() {
    // Run once per driver: FileQueueJsonlTest covers the file driver.
  }

  @Test
  void textThatLooksLikeNothingSurvivesExactly() throws IOException {
    try (DurableQueue<String> q = open()) {
      q.put("  leading and trailing spaces  ");
      q.put("tab\there");
      q.put("{not json");
      assertThat(q.poll(3)).containsExactly("  leading and trailing spaces  ", "tab\there",
          "{not json");
    }
  }
}
