package dev.linebase.cli.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.linebase.jsonl.Json;
import dev.linebase.store.Manifest;
import dev.linebase.store.Store;
import dev.linebase.store.StoreStats;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code linebase store stats DIR}. */
@Command(name = "stats", description = "Prints the store's counters and current files as one JSON object.")
final class StoreStatsCommand extends StoreCli {
  @Parameters(index = "0", paramLabel = "DIR", description = "Store directory.")
  Path dir;

  @Override
  int run() throws IOException {
    try (Store<JsonNode> s = openReadOnly(dir)) {
      print(statsJson(s));
    }
    return OK;
  }

  static ObjectNode statsJson(Store<JsonNode> s) {
    StoreStats st = s.stats();
    Manifest m = s.manifest();
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("activeRecords", st.activeRecords());
    o.put("opsCount", st.opsCount());
    o.put("archiveSegments", st.archiveSegments());
    o.put("archivedRecords", st.archivedRecords());
    o.put("version", m.version());
    o.put("currentSnapshot", m.currentSnapshot());
    o.put("activeOps", m.activeOps());
    if (m.activeAgentOps() != null) {
      ObjectNode agents = o.putObject("activeAgentOps");
      m.activeAgentOps().forEach(agents::put);
    }
    o.put("created", m.stats().created());
    o.put("lastCheckpoint", m.stats().lastCheckpoint());
    return o;
  }
}
