package dev.linebase.cli.timelog;

import picocli.CommandLine.Command;

/** The {@code linebase timelog} command group. Stateless. */
@Command(
    name = "timelog",
    mixinStandardHelpOptions = true,
    description = "A durable time-indexed multimap of JSON records (see linebase-timelog).",
    subcommands = {
      TimelogLoadCommand.class,
      TimelogRangeCommand.class,
      TimelogDeleteCommand.class,
      TimelogStatsCommand.class
    })
public final class TimelogCommand {}
