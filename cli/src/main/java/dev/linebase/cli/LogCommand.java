package dev.linebase.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code linebase log <verb> DIR}: the segmented-log commands. */
@Command(
    name = "log",
    mixinStandardHelpOptions = true,
    description = "Append to, read and inspect a segmented log directory.",
    subcommands = {LogAppendCommand.class, LogReadCommand.class, LogInfoCommand.class})
final class LogCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  /** Without a verb: usage on stderr, exit {@link ExitCodes#USAGE}. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }
}
