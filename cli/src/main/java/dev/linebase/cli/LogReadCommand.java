package dev.linebase.cli;

import dev.linebase.log.LogReader;
import dev.linebase.log.SegmentedLog;
import java.io.InterruptedIOException;
import java.io.PrintWriter;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code linebase log read DIR [--from N] [-f]}: prints the log's lines from line N on, one per
 * output line; with {@code -f} keeps waiting for new lines until interrupted. Reads without a
 * lock, so it works while a writer appends.
 */
@Command(
    name = "read",
    mixinStandardHelpOptions = true,
    description = "Print the log's lines from line N on; with -f, keep printing new lines.")
final class LogReadCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "The log directory.")
  Path dir;

  @Option(
      names = "--from",
      paramLabel = "N",
      description = "First line to print (default: the log's first line).")
  Long from;

  @Option(
      names = {"-n", "--limit"},
      paramLabel = "K",
      description = "Print at most K lines.")
  Long limit;

  @Option(
      names = {"-f", "--follow"},
      description = "Keep printing lines as they are appended, until interrupted.")
  boolean follow;

  @Override
  public Integer call() throws Exception {
    CliFiles.requireDirectory(dir);
    if (limit != null && limit < 0) {
      throw new UserException("--limit must not be negative: " + limit);
    }
    PrintWriter out = spec.commandLine().getOut();
    try (SegmentedLog log = LogFiles.openReadOnly(dir)) {
      long first = log.firstLine();
      long end = log.endLine();
      long start = from == null ? first : from;
      if (start < first || start > end) {
        throw new UserException("line " + start + " is out of range: log " + dir + " has "
            + LogFiles.describeRange(first, end));
      }
      long left = limit == null ? Long.MAX_VALUE : limit;
      try (LogReader reader = log.reader(start)) {
        while (left > 0) {
          boolean has;
          if (follow) {
            try {
              has = reader.next();
              if (!has) {
                out.flush(); // caught up: show everything before waiting
                has = reader.next(200, TimeUnit.MILLISECONDS);
              }
            } catch (InterruptedIOException | ClosedByInterruptException e) {
              break; // interrupted while waiting: stop following
            }
            if (Thread.currentThread().isInterrupted()) {
              break;
            }
            if (!has) {
              continue;
            }
          } else if (!reader.next()) {
            break;
          }
          out.println(reader.text());
          left--;
        }
      }
    }
    out.flush();
    return ExitCodes.OK;
  }
}
