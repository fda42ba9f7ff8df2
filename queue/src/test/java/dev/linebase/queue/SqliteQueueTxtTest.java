package dev.linebase.queue;

import java.io.IOException;
import java.nio.file.Path;

/** The contract on the sqlite driver storing raw text. */
class SqliteQueueTxtTest extends DurableQueueContract {

  @Override
  Format format() {
    return Format.TXT;
  }

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

  @Override
  void originalScenarioThreeHundredQueuesOfThirtyRows() {
    // Run once per driver: SqliteQueueTest covers sqlite (300 databases take ~10 s).
  }
}
