package dev.linebase.cli.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.linebase.jsonl.Json;
import dev.linebase.store.Store;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code linebase store dump DIR}. */
@Command(name = "dump",
    description = "Prints every document as {\"id\":...,\"data\":...}, one per line, sorted by id.")
final class StoreDump extends StoreCli {
  @Parameters(index = "0", paramLabel = "DIR", description = "Store directory.")
  Path dir;

  @Override
  int run() throws IOException {
    try (Store<JsonNode> s = openReadOnly(dir)) {
      for (Map.Entry<String, JsonNode> e : s.entries().stream()
          .sorted(Map.Entry.comparingByKey()).toList()) {
        ObjectNode line = Json.mapper().createObjectNode();
        line.put("id", e.getKey());
        line.set("data", e.getValue());
        print(line);
      }
    }
    return OK;
  }
}
