package dev.linebase.cli;

import dev.linebase.index.LineIndexOptions;
import dev.linebase.index.SidecarMode;
import picocli.CommandLine.Option;

/**
 * {@code --interval} for {@code dump} and {@code verify}: a sidecar is only read as fresh with
 * the checkpoint interval it was built with, so a sidecar built with {@code index --interval N}
 * is inspected with the same {@code --interval N}.
 */
final class IntervalOption {
  @Option(
      names = "--interval",
      paramLabel = "LINES",
      description = "Checkpoint interval the sidecar was built with (default: "
          + LineIndexOptions.DEFAULT_CHECKPOINT_INTERVAL_LINES + ").")
  Integer intervalLines;

  /** Read-only index options with this interval. */
  LineIndexOptions readOnlyOptions() {
    LineIndexOptions options =
        LineIndexOptions.defaults().withSidecarMode(SidecarMode.READ_ONLY);
    if (intervalLines != null) {
      if (intervalLines <= 0) {
        throw new UserException("--interval must be positive: " + intervalLines);
      }
      options = options.withCheckpointIntervalLines(intervalLines);
    }
    return options;
  }
}
