package dev.linebase.cli;

import dev.linebase.index.LineIndex;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code linebase read FILE N [N...]}: the content of lines by number, one per output line. */
@Command(
    name = "read",
    mixinStandardHelpOptions = true,
    description = "Print lines by their 0-based number, one per output line, in the order given.")
final class ReadCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin IndexOptions indexOptions;

  @Parameters(index = "0", paramLabel = "FILE", description = "A JSONL or other line file.")
  Path file;

  @Parameters(index = "1..*", arity = "1..*", paramLabel = "N", description = "Line numbers.")
  List<Long> lineNumbers;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (IndexOptions.Opened opened = indexOptions.open(file, spec.commandLine().getErr())) {
      LineIndex index = opened.index();
      long total = index.totalLines();
      long[] numbers = new long[lineNumbers.size()];
      for (int i = 0; i < numbers.length; i++) {
        numbers[i] = LineRanges.requireLine(file, lineNumbers.get(i), total);
      }
      for (String line : index.readLines(numbers)) {
        out.println(line);
      }
    }
    return ExitCodes.OK;
  }
}
