package dev.linebase.cli;

import dev.linebase.index.LineIndex;
import dev.linebase.index.RefreshResult;
import java.io.PrintWriter;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code linebase tail FILE [-n K] [-f]}: the last K lines; with {@code -f}, then every complete
 * line appended later (the index refreshes incrementally, reading only the new bytes) until
 * interrupted. A file that shrinks or is rewritten while followed is reported on stderr and
 * followed from its new end.
 */
@Command(
    name = "tail",
    mixinStandardHelpOptions = true,
    description = "Print the last lines of a line file; with -f, keep printing appended lines.")
final class TailCommand implements Callable<Integer> {
  private static final long POLL_MILLIS = 200;

  @Spec CommandSpec spec;

  @Mixin IndexOptions indexOptions;

  @Parameters(index = "0", paramLabel = "FILE", description = "A JSONL or other line file.")
  Path file;

  @Option(
      names = {"-n", "--lines"},
      paramLabel = "K",
      defaultValue = "10",
      description = "Number of lines (default: ${DEFAULT-VALUE}).")
  int count;

  @Option(
      names = {"-f", "--follow"},
      description = "Keep printing lines as they are appended, until interrupted.")
  boolean follow;

  @Override
  public Integer call() throws Exception {
    if (count < 0) {
      throw new UserException("-n must not be negative: " + count);
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (IndexOptions.Opened opened = indexOptions.open(file, err)) {
      LineIndex index = opened.index();
      // Following prints complete lines only, so a line being written is printed once, whole.
      long end = follow ? completeLines(index) : index.totalLines();
      long from = Math.max(0, end - count);
      for (long n = from; n < end; n++) {
        out.println(index.readLine(n));
      }
      out.flush();
      if (!follow) {
        return ExitCodes.OK;
      }
      while (!Thread.currentThread().isInterrupted()) {
        try {
          Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
          break;
        }
        RefreshResult refreshed;
        try {
          refreshed = index.refresh();
        } catch (ClosedByInterruptException e) {
          break; // interrupted while reading: stop following
        }
        if (refreshed == RefreshResult.REBUILT) {
          err.println("linebase: " + file + " was truncated or rewritten; following its new end");
          err.flush();
          end = completeLines(index);
          continue;
        }
        long now = completeLines(index);
        for (long n = end; n < now; n++) {
          out.println(index.readLine(n));
        }
        out.flush();
        end = now;
      }
    }
    return ExitCodes.OK;
  }

  private static long completeLines(LineIndex index) {
    return index.lastLineComplete() ? index.totalLines() : index.totalLines() - 1;
  }
}
