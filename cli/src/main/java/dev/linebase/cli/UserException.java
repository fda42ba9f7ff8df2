package dev.linebase.cli;

/**
 * A user error a command reports as one line on stderr with exit code {@link
 * ExitCodes#USER_ERROR}: a missing file, a line out of range, input that is not what the command
 * expects. The message must be one line and must name the file or value at fault. Immutable once
 * thrown.
 */
public final class UserException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UserException(String message) {
    super(message);
  }

  public UserException(String message, Throwable cause) {
    super(message, cause);
  }
}
