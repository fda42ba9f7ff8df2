package dev.linebase.cli.timelog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.linebase.cli.UserException;
import dev.linebase.jsonl.Codec;
import dev.linebase.timelog.MaintenanceMode;
import dev.linebase.timelog.Timelog;
import dev.linebase.timelog.TimelogConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the timelog commands share: opening a directory. User errors are thrown as
 * {@link UserException} and become one line on stderr with exit code 1 through the CLI's
 * {@code ErrorHandler} (a stack trace only with {@code --verbose}); usage errors exit 2.
 * Stateless.
 */
final class TimelogCli {
  private TimelogCli() {}

  /**
   * Opens the timelog in {@code dir} with manual maintenance (a command flushes on close);
   * {@code mustExist} requires the directory to exist.
   */
  static Timelog<JsonNode> open(Path dir, boolean mustExist) throws IOException {
    if (mustExist && !Files.isDirectory(dir)) {
      throw new UserException("no timelog directory: " + dir);
    }
    TimelogConfig config = TimelogConfig.forBulkIngest().toBuilder()
        .maintenance(MaintenanceMode.MANUAL).build();
    return Timelog.open(dir, config, Codec.tree());
  }

  /**
   * Opens the timelog in {@code dir} read-only (no lock: works while a writer has it open; writes
   * and deletes nothing).
   */
  static Timelog<JsonNode> openReadOnly(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new UserException("no timelog directory: " + dir);
    }
    return Timelog.openReadOnly(dir, TimelogConfig.forBulkIngest(), Codec.tree());
  }
}
