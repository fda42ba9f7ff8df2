package dev.linebase.cli.timelog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.linebase.cli.ExitCodes;
import dev.linebase.cli.UserException;
import dev.linebase.timelog.Timelog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
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

  @Parameters(index = "0", paramLabel = "DIR", description = "Timelog directory.")
  Path dir;

  @Parameters(index = "1", paramLabel = "T1", description = "First timestamp (inclusive).")
  long t1;

  @Parameters(index = "2", paramLabel = "T2", description = "End timestamp (exclusive).")
  long t2;

  @Override
  public Integer call() throws IOException {
    if (t1 >= t2) {
      throw new UserException("empty range: T1 " + t1 + " >= T2 " + t2);
    }
    try (Timelog<JsonNode> log = TimelogCli.open(dir, true)) {
      long n = log.count(t1, t2);
      log.delete(t1, t2);
      spec.commandLine().getOut().println("{\"deleted\":" + n + "}");
      spec.commandLine().getOut().flush();
      return ExitCodes.OK;
    }
  }
}
