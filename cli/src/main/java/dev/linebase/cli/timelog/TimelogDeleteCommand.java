package dev.linebase.cli.timelog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.linebase.cli.ExitCodes;
import dev.linebase.cli.UserException;
import dev.linebase.timelog.Timelog;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code linebase timelog delete DIR T1 T2}: deletes the records with {@code T1 <= ts < T2}
 * (records loaded later are not affected). Prints {@code {"deleted":N}}. {@code T1 >= T2} is a
 * user error.
 */
@Command(name = "delete", mixinStandardHelpOptions = true,
    description = "Delete the records in [T1, T2).")
public final class TimelogDeleteCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin TimeRangeArgs args;

  @Override
  public Integer call() throws IOException {
    if (args.t1 >= args.t2) {
      throw new UserException("empty range: T1 " + args.t1 + " >= T2 " + args.t2);
    }
    try (Timelog<JsonNode> log = TimelogCli.open(args.dir, true)) {
      long n = log.count(args.t1, args.t2);
      log.delete(args.t1, args.t2);
      spec.commandLine().getOut().println("{\"deleted\":" + n + "}");
      spec.commandLine().getOut().flush();
      return ExitCodes.OK;
    }
  }
}
