package dev.linebase.cli.timelog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.linebase.jsonl.Codec;
import dev.linebase.timelog.MaintenanceMode;
import dev.linebase.timelog.Timelog;
import dev.linebase.timelog.TimelogConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What the timelog commands share: opening a directory, exit codes and the one-line error
 * report (stack trace only with {@code --verbose}). Stateless.
 */
final class TimelogCli {
  /** Success. */
  static final int OK = 0;
  /** A user error: bad input, missing directory, empty range. */
  static final int USER_ERROR = 1;

  private TimelogCli() {}

  /** Opens the timelog in {@code dir}; {@code create} false requires it to exist. */
  static Timelog<JsonNode> open(Path dir, boolean mustExist) throws IOException {
    if (mustExist && !Files.isDirectory(dir)) {
      throw new UserError("no timelog directory: " + dir);
    }
    TimelogConfig config = TimelogConfig.forBulkIngest().toBuilder()
        .maintenance(MaintenanceMode.MANUAL).build();
    return Timelog.open(dir, config, Codec.tree());
  }

  /** Reports {@code e} as one line on stderr and returns the exit code. */
  static int fail(CommandSpec spec, Exception e, boolean verbose) {
    PrintWriter err = spec.commandLine().getErr();
    String name = spec.qualifiedName(" ");
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    err.println(name + ": " + message.replace('\n', ' '));
    if (verbose) {
      e.printStackTrace(err);
    }
    err.flush();
    return USER_ERROR;
  }

  /** An error in what the user asked for; its message is the whole report. */
  static final class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UserError(String message) {
      super(message);
    }
  }
}
