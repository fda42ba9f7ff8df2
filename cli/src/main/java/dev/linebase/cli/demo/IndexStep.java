package dev.linebase.cli.demo;

import dev.linebase.cli.Progress;
import dev.linebase.cli.Units;
import dev.linebase.index.LineIndex;
import dev.linebase.index.LineIndexOptions;
import java.nio.file.Files;

/** Demo step: builds the index of the events file and writes its sidecar. */
final class IndexStep implements DemoStep {
  @Override
  public String name() {
    return "index";
  }

  @Override
  public String run(DemoContext context) throws Exception {
    long lines;
    long bytes;
    try (Progress bar = context.progress("index");
        LineIndex index =
            LineIndex.open(context.eventsFile(),
                LineIndexOptions.defaults().withProgress(bar::update))) {
      lines = index.totalLines();
      bytes = index.fileSize();
      index.save();
      long sidecarBytes = Files.size(index.sidecarPath());
      return String.format("%s lines in %s; sidecar %s (%.2f%% of the file)",
          Units.count(lines), Units.bytes(bytes), Units.bytes(sidecarBytes),
          100.0 * sidecarBytes / Math.max(1, bytes));
    }
  }
}
