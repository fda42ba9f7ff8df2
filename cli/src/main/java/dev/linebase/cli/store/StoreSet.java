package dev.linebase.cli.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.linebase.jsonl.Json;
import dev.linebase.store.Store;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code linebase store set DIR ID JSON}. */
@Command(name = "set", description = "Creates or replaces the document with ID (creates the store if needed).")
final class StoreSet extends StoreCli {
  @Parameters(index = "0", paramLabel = "DIR", description = "Store directory.")
  Path dir;

  @Parameters(index = "1", paramLabel = "ID", description = "Document id.")
  String id;

  @Parameters(index = "2", paramLabel = "JSON", description = "The document, one JSON value.")
  String json;

  @Override
  int run() throws IOException {
    JsonNode doc;
    try {
      doc = Json.mapper().readTree(json);
    } catch (IOException e) {
      return fail("JSON argument is not valid JSON: " + firstLine(e.getMessage()));
    }
    if (doc == null || doc.isNull() || doc.isMissingNode()) {
      return fail("JSON argument must be a value other than null");
    }
    try (Store<JsonNode> s = openWriter(dir)) {
      s.set(id, doc);
    }
    return OK;
  }

  static String firstLine(String s) {
    int cut = s == null ? -1 : s.indexOf('\n');
    return cut < 0 ? String.valueOf(s) : s.substring(0, cut);
  }
}
