package dev.linebase.cli.store;

import picocli.CommandLine.Command;

/** The {@code linebase store} command group. */
@Command(
    name = "store",
    description = "Event-sourced document stores (the @backloghq/opslog layout).",
    mixinStandardHelpOptions = true,
    subcommands = {
      StoreGet.class, StoreSet.class, StoreDelete.class, StoreList.class, StoreHistory.class,
      StoreDump.class, StoreCompact.class, StoreStatsCommand.class
    })
public final class StoreCommand {}
