package dev.linebase.cli.timelog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.linebase.jsonl.Json;
import dev.linebase.cli.ExitCodes;
import dev.linebase.timelog.Timelog;
import dev.linebase.timelog.TimelogCursor;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code linebase timelog range DIR T1 T2}: prints the records with {@code T1 <= ts < T2} as they
 * were loaded, one compact JSON line each, in timestamp order (equal timestamps in load order).
 * Opens the directory read-only, so it works while a writer has it open.
 */
@Command(name = "range", mixinStandardHelpOptions = true,
    description = "Print the records in [T1, T2) as JSON lines, in timestamp order.")
public final class TimelogRangeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin TimeRangeArgs args;

  @Override
  public Integer call() throws IOException {
    try (Timelog<JsonNode> log = TimelogCli.openReadOnly(args.dir)) {
      PrintWriter out = spec.commandLine().getOut();
      TimelogCursor<JsonNode> c = log.range(args.t1, args.t2);
      while (c.next()) {
        out.println(Json.mapper().writeValueAsString(c.value()));
      }
      out.flush();
      return ExitCodes.OK;
    }
  }
}
