package dev.linebase.cli.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.linebase.store.Store;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code linebase store get DIR ID}. */
@Command(name = "get", description = "Prints the document with ID as one line of JSON.")
final class StoreGet extends StoreCli {
  @Parameters(index = "0", paramLabel = "DIR", description = "Store directory.")
  Path dir;

  @Parameters(index = "1", paramLabel = "ID", description = "Document id.")
  String id;

  @Override
  int run() throws IOException {
    try (Store<JsonNode> s = openReadOnly(dir)) {
      JsonNode doc = s.get(id);
      if (doc == null) {
        return fail("no document '" + id + "' in " + dir);
      }
      print(doc);
      return OK;
    }
  }
}
