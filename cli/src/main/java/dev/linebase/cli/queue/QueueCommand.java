package dev.linebase.cli.queue;

import picocli.CommandLine.Command;

/** {@code linebase queue}: the durable queue's commands. */
@Command(
    name = "queue",
    mixinStandardHelpOptions = true,
    description = "Durable FIFO queues: a directory (jsonl/txt) or a sqlite file.",
    subcommands = {
      QueuePutCommand.class,
      QueuePollCommand.class,
      QueueInfoCommand.class,
      QueueImportPistributerCommand.class
    })
public final class QueueCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(),
        "missing subcommand: put, poll, info or import-pistributer");
  }
}
