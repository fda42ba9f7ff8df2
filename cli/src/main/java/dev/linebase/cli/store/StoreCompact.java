package dev.linebase.cli.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.linebase.jsonl.Codec;
import dev.linebase.store.Store;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code linebase store compact DIR}. */
@Command(name = "compact",
    description = "Writes a checkpoint (new snapshot, empty WAL) and deletes superseded files; prints stats.")
final class StoreCompact extends StoreCli {
  @Parameters(index = "0", paramLabel = "DIR", description = "Store directory.")
  Path dir;

  @Override
  int run() throws IOException {
    try (Store<JsonNode> ro = openReadOnly(dir)) {
      ro.count(); // fails with a clear error when DIR holds no store, before anything is created
    }
    try (Store<JsonNode> s = Store.builder(dir, Codec.tree()).noCheckpointOnClose().open()) {
      s.compact();
      print(StoreStatsCommand.statsJson(s));
    }
    return OK;
  }
}
