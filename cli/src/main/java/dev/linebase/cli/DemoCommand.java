package dev.linebase.cli;

import dev.linebase.cli.demo.DemoContext;
import dev.linebase.cli.demo.DemoStep;
import dev.linebase.cli.demo.DemoSteps;
import dev.linebase.cli.demo.EventGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code linebase demo}: generates a realistic JSONL file of events, indexes it, reads from it,
 * appends to a segmented log and reads back, printing what each step took. Runs the steps of
 * {@link DemoSteps#all()} in a fresh temporary directory that it deletes at the end, or in
 * {@code --dir}, which must be empty or absent and is kept.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    header = "Index, read and log a million generated events, timing each step.",
    description = {
      "Generates about a million realistic JSON events, indexes them, reads lines by number,",
      "appends them to a segmented log and reads it back, printing what each step took."
    })
final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description = "Work in DIR (must be empty or absent) and keep it; default: a temporary"
          + " directory that is deleted at the end.")
  Path dir;

  @Option(
      names = "--lines",
      paramLabel = "N",
      defaultValue = "1000000",
      description = "Number of events to generate (default: ${DEFAULT-VALUE}).")
  long lines;

  @Option(
      names = "--seed",
      paramLabel = "S",
      description = "Seed of the generated data (default: a fixed seed, so runs are alike).")
  Long seed;

  @Override
  public Integer call() throws Exception {
    if (lines <= 0) {
      throw new UserException("--lines must be positive: " + lines);
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path work = prepareDirectory();
    boolean keep = dir != null;
    // Ctrl-C ends the JVM without running the finally block below; this hook removes the
    // temporary directory then (best effort: a step may still be writing into it).
    Thread cleanup = new Thread(() -> deleteQuietly(work), "linebase-demo-cleanup");
    if (!keep) {
      Runtime.getRuntime().addShutdownHook(cleanup);
    }
    long start = System.nanoTime();
    try {
      DemoContext context =
          new DemoContext(
              work,
              lines,
              seed == null ? EventGenerator.DEFAULT_SEED : seed,
              out,
              label -> Progress.onTerminal(err, label));
      out.println("linebase demo: " + Units.count(lines) + " events in " + work);
      out.flush();
      List<DemoStep> steps = DemoSteps.all();
      for (int i = 0; i < steps.size(); i++) {
        DemoStep step = steps.get(i);
        long t0 = System.nanoTime();
        String summary = step.run(context);
        long took = System.nanoTime() - t0;
        out.printf("%2d  %-12s %9s  %s%n", i + 1, step.name(), Units.nanos(took), summary);
        out.flush();
      }
    } finally {
      if (!keep) {
        try {
          Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException shuttingDown) {
          // the hook is running or will run; deleting here as well is harmless
        }
        deleteRecursively(work);
      }
    }
    out.println(
        "done in " + Units.nanos(System.nanoTime() - start)
            + (keep ? "; files kept in " + work : "; removed " + work));
    return ExitCodes.OK;
  }

  private Path prepareDirectory() throws IOException {
    if (dir == null) {
      return Files.createTempDirectory("linebase-demo-");
    }
    if (Files.exists(dir)) {
      if (!Files.isDirectory(dir)) {
        throw new UserException("--dir " + dir + " is not a directory");
      }
      try (Stream<Path> entries = Files.list(dir)) {
        if (entries.findAny().isPresent()) {
          throw new UserException("--dir " + dir + " is not empty; give an empty or new directory");
        }
      }
      return dir;
    }
    return Files.createDirectories(dir);
  }

  private static void deleteQuietly(Path root) {
    try {
      deleteRecursively(root);
    } catch (IOException | RuntimeException e) {
      // best effort while the JVM shuts down
    }
  }

  static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
