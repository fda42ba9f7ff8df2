package dev.linebase.cli;

import dev.linebase.index.LineIndex;
import dev.linebase.index.LineIndexOptions;
import dev.linebase.index.SidecarMode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Options shared by the commands that read a line file through its index ({@code index}, {@code
 * info}, {@code count}, {@code read}, {@code tail}, {@code sample}), and the one place they open a
 * {@link LineIndex}.
 */
final class IndexOptions {
  @Option(
      names = "--sidecar",
      paramLabel = "PATH",
      description = "Sidecar index file (default: FILE.lbidx beside FILE).")
  Path sidecar;

  @Option(
      names = "--no-save",
      description = "Never write the sidecar (use a fresh one if present).")
  boolean noSave;

  @Option(
      names = "--interval",
      paramLabel = "LINES",
      description = "Lines between stored offsets when building (default: "
          + LineIndexOptions.DEFAULT_CHECKPOINT_INTERVAL_LINES + ").")
  Integer intervalLines;

  /** An open index, its sidecar path and whether the sidecar was fresh when it was opened. */
  record Opened(LineIndex index, Path sidecar, boolean wasFresh) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      index.close();
    }
  }

  /** The index options these command-line options ask for. */
  LineIndexOptions options() {
    LineIndexOptions options = LineIndexOptions.defaults();
    if (sidecar != null) {
      options = options.withSidecarPath(sidecar);
    }
    if (noSave) {
      options = options.withSidecarMode(SidecarMode.READ_ONLY);
    }
    if (intervalLines != null) {
      if (intervalLines <= 0) {
        throw new UserException("--interval must be positive: " + intervalLines);
      }
      options = options.withCheckpointIntervalLines(intervalLines);
    }
    return options;
  }

  /** Opens the index of an existing {@code file}, drawing a progress bar while it builds. */
  Opened open(Path file, PrintWriter err) throws IOException {
    CliFiles.requireFile(file);
    LineIndexOptions options = options();
    try (Progress bar = Progress.onTerminal(err, "indexing " + file.getFileName())) {
      LineIndex index = LineIndex.open(file, options.withProgress(bar::update));
      return new Opened(index, index.sidecarPath(), index.openedFresh());
    }
  }
}
