package dev.linebase.cli;

/**
 * The exit codes of every {@code linebase} command, defined once: {@link #OK}, {@link
 * #USER_ERROR} (bad input, missing file, line out of range; a one-line message on stderr) and
 * {@link #USAGE} (unknown command or option, missing or malformed argument). Constants only;
 * thread-safe.
 */
public final class ExitCodes {
  /** Success: {@value}. */
  public static final int OK = 0;

  /** A user error, reported as one line on stderr: {@value}. */
  public static final int USER_ERROR = 1;

  /** Bad usage, reported with a hint to {@code --help}: {@value}. */
  public static final int USAGE = 2;

  private ExitCodes() {}
}
