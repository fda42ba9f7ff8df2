package dev.linebase.cli.timelog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.linebase.jsonl.Json;
import dev.linebase.cli.ExitCodes;
import dev.linebase.timelog.Timelog;
import dev.linebase.timelog.TimelogStats;
import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code linebase timelog stats DIR}: prints one JSON object: visible record count, first and
 * last timestamp (null when empty), and the engine's {@link TimelogStats} (of the read-only
 * copy loaded into memory: the directory is opened read-only, so it works while a writer has it
 * open).
 */
@Command(name = "stats", mixinStandardHelpOptions = true,
    description = "Print counts, time bounds and engine statistics as one JSON object.")
public final class TimelogStatsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "Timelog directory.")
  Path dir;

  @Override
  public Integer call() throws IOException {
    try (Timelog<JsonNode> log = TimelogCli.openReadOnly(dir)) {
      ObjectNode o = Json.mapper().createObjectNode();
      o.put("count", log.count());
      putOptional(o, "minTimestamp", log.minTimestamp());
      putOptional(o, "maxTimestamp", log.maxTimestamp());
      TimelogStats s = log.stats();
      o.set("engine", Json.mapper().valueToTree(s));
      spec.commandLine().getOut().println(Json.mapper().writeValueAsString(o));
      spec.commandLine().getOut().flush();
      return ExitCodes.OK;
    }
  }

  private static void putOptional(ObjectNode o, String name, OptionalLong v) {
    if (v.isPresent()) {
      o.put(name, v.getAsLong());
    } else {
      o.putNull(name);
    }
  }
}
