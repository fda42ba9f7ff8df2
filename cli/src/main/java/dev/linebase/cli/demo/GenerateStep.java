package dev.linebase.cli.demo;

import dev.linebase.cli.Progress;
import dev.linebase.cli.Units;
import java.nio.file.Path;

/** Demo step: writes the events file with {@link EventGenerator}. */
final class GenerateStep implements DemoStep {
  @Override
  public String name() {
    return "generate";
  }

  @Override
  public String run(DemoContext context) throws Exception {
    Path file = context.eventsFile();
    long lines = context.lines();
    long bytes;
    try (Progress bar = context.progress("generate")) {
      bytes = new EventGenerator(context.seed()).writeFile(file, lines, n -> bar.update(n, lines));
    }
    return String.format(
        "%s: %s JSON events, %s", file.getFileName(), Units.count(lines), Units.bytes(bytes));
  }
}
