package dev.linebase.cli;

import java.io.BufferedWriter;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * Entry point of the {@code linebase} command. Only {@link #main} calls {@link System#exit};
 * {@link #run} executes a command line against given streams, which is how tests capture output.
 * Exit codes are {@link ExitCodes}; errors are one line on stderr ({@link ErrorHandler}).
 *
 * <p>An instance is one invocation; it is not thread-safe.
 */
@Command(
    name = "linebase",
    mixinStandardHelpOptions = true,
    version = "linebase 0.1.0",
    description = "Local-first storage on JSON Lines files.",
    subcommands = {
      IndexCommand.class,
      InfoCommand.class,
      CountCommand.class,
      ReadCommand.class,
      TailCommand.class,
      SampleCommand.class,
      LogCommand.class,
      DumpCommand.class,
      VerifyCommand.class,
      DemoCommand.class,
      dev.linebase.cli.queue.QueueCommand.class,
      dev.linebase.cli.store.StoreCommand.class,
      dev.linebase.cli.timelog.TimelogCommand.class,
      CommandLine.HelpCommand.class
    },
    exitCodeOnSuccess = ExitCodes.OK,
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    exitCodeOnExecutionException = ExitCodes.USER_ERROR)
public final class Main implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "Print stack traces with errors.")
  boolean verbose;

  private final InputStream stdin;

  private Main(InputStream stdin) {
    this.stdin = stdin;
  }

  public static void main(String[] args) {
    // Buffered without autoflush: commands that stream (tail -f, log read -f) flush when caught up.
    PrintWriter out =
        new PrintWriter(
            new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16));
    PrintWriter err =
        new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    int code = run(args, System.in, out, err);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** Runs one command line with the given streams and returns its exit code. */
  public static int run(String[] args, InputStream in, PrintWriter out, PrintWriter err) {
    Main root = new Main(in);
    ErrorHandler errors = new ErrorHandler(root);
    CommandLine cmd =
        new CommandLine(root)
            .setOut(out)
            .setErr(err)
            .setCaseInsensitiveEnumValuesAllowed(true)
            .setExecutionExceptionHandler(errors)
            .setParameterExceptionHandler(errors);
    try {
      return cmd.execute(args);
    } finally {
      out.flush();
      err.flush();
    }
  }

  /** With no subcommand: usage on stderr, exit {@link ExitCodes#USAGE}. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }

  /** Whether {@code --verbose} was given anywhere on the command line. */
  boolean verbose() {
    return verbose;
  }

  /** The standard input the command line reads from. */
  public InputStream stdin() {
    return stdin;
  }

  /** The standard input of the command line {@code spec} belongs to (for subcommand packages). */
  public static InputStream stdin(CommandLine.Model.CommandSpec spec) {
    return root(spec).stdin();
  }

  /** The root of the command that {@code spec} belongs to. */
  public static Main root(CommandLine.Model.CommandSpec spec) {
    return (Main) spec.root().userObject();
  }
}
