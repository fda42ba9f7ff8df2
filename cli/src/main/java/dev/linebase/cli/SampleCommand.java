package dev.linebase.cli;

import dev.linebase.index.LineIndex;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code linebase sample FILE K [--seed S]}: K distinct random lines, in file order. */
@Command(
    name = "sample",
    mixinStandardHelpOptions = true,
    description = "Print K distinct lines chosen at random (all lines if the file has fewer).")
final class SampleCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin IndexOptions indexOptions;

  @Parameters(index = "0", paramLabel = "FILE", description = "A JSONL or other line file.")
  Path file;

  @Parameters(index = "1", paramLabel = "K", description = "How many lines.")
  int count;

  @Option(
      names = "--seed",
      paramLabel = "S",
      description = "Seed, for the same sample every run (default: random).")
  Long seed;

  @Override
  public Integer call() throws Exception {
    if (count < 0) {
      throw new UserException("K must not be negative: " + count);
    }
    PrintWriter out = spec.commandLine().getOut();
    try (IndexOptions.Opened opened = indexOptions.open(file, spec.commandLine().getErr())) {
      LineIndex index = opened.index();
      long s = seed != null ? seed : ThreadLocalRandom.current().nextLong();
      for (String line : index.sample(count, s)) {
        out.println(line);
      }
    }
    return ExitCodes.OK;
  }
}
