package dev.linebase.cli.demo;

import dev.linebase.cli.Progress;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * What the steps of {@code linebase demo} share: the working directory, the size of the data set,
 * where the output goes, and the files earlier steps made. Not thread-safe; steps run one after
 * another.
 */
public final class DemoContext {
  private final Path dir;
  private final long lines;
  private final long seed;
  private final PrintWriter out;
  private final Function<String, Progress> progress;

  public DemoContext(
      Path dir, long lines, long seed, PrintWriter out, Function<String, Progress> progress) {
    if (lines <= 0) {
      throw new IllegalArgumentException("lines <= 0: " + lines);
    }
    this.dir = dir;
    this.lines = lines;
    this.seed = seed;
    this.out = out;
    this.progress = progress;
  }

  /** The demo's working directory; steps create their files and directories inside it. */
  public Path dir() {
    return dir;
  }

  /** How many event records the data set has. */
  public long lines() {
    return lines;
  }

  /** The seed of the generated data. */
  public long seed() {
    return seed;
  }

  /** The generated JSONL file of events. */
  public Path eventsFile() {
    return dir.resolve("events.jsonl");
  }

  /** The directory of the demo's segmented log. */
  public Path logDir() {
    return dir.resolve("log");
  }

  /** Where steps print details beyond their summary line (indented by the demo's style). */
  public void detail(String text) {
    out.println("      " + text);
  }

  /** A progress bar on stderr (drawn only when stderr is a terminal). */
  public Progress progress(String label) {
    return progress.apply(label);
  }
}
