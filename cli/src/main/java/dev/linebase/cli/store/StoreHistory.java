package dev.linebase.cli.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.linebase.store.Operation;
import dev.linebase.store.Store;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code linebase store history DIR ID}. */
@Command(name = "history",
    description = "Prints the operations on ID since the last checkpoint, one JSON op per line.")
final class StoreHistory extends StoreCli {
  @Parameters(index = "0", paramLabel = "DIR", description = "Store directory.")
  Path dir;

  @Parameters(index = "1", paramLabel = "ID", description = "Document id.")
  String id;

  @Override
  int run() throws IOException {
    try (Store<JsonNode> s = openReadOnly(dir)) {
      for (Operation op : s.history(id)) {
        print(toJson(op));
      }
    }
    return OK;
  }
}
