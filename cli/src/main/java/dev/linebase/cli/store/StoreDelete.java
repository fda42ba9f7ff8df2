package dev.linebase.cli.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.linebase.store.Store;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code linebase store delete DIR ID}. */
@Command(name = "delete", description = "Deletes the document with ID.")
final class StoreDelete extends StoreCli {
  @Parameters(index = "0", paramLabel = "DIR", description = "Store directory.")
  Path dir;

  @Parameters(index = "1", paramLabel = "ID", description = "Document id.")
  String id;

  @Override
  int run() throws IOException {
    try (Store<JsonNode> s = Store.builder(dir, dev.linebase.jsonl.Codec.tree()).readOnly().open()) {
      if (!s.has(id)) {
        return fail("no document '" + id + "' in " + dir);
      }
    }
    try (Store<JsonNode> s = openWriter(dir)) {
      s.delete(id);
    }
    return OK;
  }
}
