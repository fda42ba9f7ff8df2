package dev.linebase.cli.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.linebase.jsonl.Json;
import dev.linebase.store.Store;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code linebase store list DIR}. */
@Command(name = "list", description = "Prints every document id, sorted, one JSON string per line.")
final class StoreList extends StoreCli {
  @Parameters(index = "0", paramLabel = "DIR", description = "Store directory.")
  Path dir;

  @Override
  int run() throws IOException {
    try (Store<JsonNode> s = openReadOnly(dir)) {
      for (String id : s.entries().stream().map(Map.Entry::getKey).sorted().toList()) {
        print(Json.mapper().getNodeFactory().textNode(id));
      }
    }
    return OK;
  }
}
