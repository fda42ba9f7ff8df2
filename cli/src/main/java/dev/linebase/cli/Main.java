package dev.linebase.cli;

import dev.linebase.cli.timelog.TimelogCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code linebase} command. Only this class calls {@link System#exit}. */
@Command(
    name = "linebase",
    mixinStandardHelpOptions = true,
    version = "linebase 0.1.0",
    description = "Local-first storage on JSON Lines files.",
    subcommands = {TimelogCommand.class})
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }
}
