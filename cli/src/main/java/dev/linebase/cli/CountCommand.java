package dev.linebase.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code linebase count FILE}: the line count alone, from the index. */
@Command(
    name = "count",
    mixinStandardHelpOptions = true,
    description = "Print the number of lines of a line file.")
final class CountCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin IndexOptions indexOptions;

  @Parameters(index = "0", paramLabel = "FILE", description = "A JSONL or other line file.")
  Path file;

  @Override
  public Integer call() throws Exception {
    try (IndexOptions.Opened opened = indexOptions.open(file, spec.commandLine().getErr())) {
      spec.commandLine().getOut().println(opened.index().totalLines());
    }
    return ExitCodes.OK;
  }
}
