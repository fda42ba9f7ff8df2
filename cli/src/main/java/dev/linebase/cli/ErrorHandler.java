package dev.linebase.cli;

import dev.linebase.io.CorruptFileException;
import dev.linebase.io.FileLock;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns what a command throws into the CLI's error style: one line on stderr, {@code linebase:
 * <message>}, and exit code {@link ExitCodes#USER_ERROR}; bad usage gets one line plus a hint to
 * {@code --help} and {@link ExitCodes#USAGE}. A stack trace is printed only with {@code
 * --verbose}. Stateless apart from the verbosity source; thread-safe.
 */
final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {
  private final Main root;

  ErrorHandler(Main root) {
    this.root = root;
  }

  @Override
  public int handleExecutionException(
      Exception ex, CommandLine commandLine, ParseResult parseResult) {
    PrintWriter err = commandLine.getErr();
    err.println("linebase: " + oneLine(message(ex)));
    if (root.verbose()) {
      ex.printStackTrace(err);
    } else if (!isExpected(ex)) {
      err.println("linebase: this looks like a bug; rerun with --verbose for the stack trace");
    }
    err.flush();
    return ExitCodes.USER_ERROR;
  }

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println("linebase: " + oneLine(ex.getMessage()));
    err.println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
    if (root.verbose()) {
      ex.printStackTrace(err);
    }
    err.flush();
    return ExitCodes.USAGE;
  }

  /** A message naming the file or value at fault, for the exceptions commands let through. */
  static String message(Throwable ex) {
    Throwable t = ex;
    if (t instanceof UncheckedIOException && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof NoSuchFileException) {
      return "no such file: " + ((NoSuchFileException) t).getFile();
    }
    if (t instanceof AccessDeniedException) {
      return "permission denied: " + ((AccessDeniedException) t).getFile();
    }
    if (t instanceof NotDirectoryException) {
      return "not a directory: " + ((NotDirectoryException) t).getFile();
    }
    if (t instanceof FileAlreadyExistsException) {
      return "already exists: " + ((FileAlreadyExistsException) t).getFile();
    }
    String msg = t.getMessage();
    if (msg == null || msg.isBlank()) {
      return t.getClass().getSimpleName();
    }
    if (t instanceof UserException || t instanceof CorruptFileException
        || t instanceof FileLock.LockedException || t instanceof IndexOutOfBoundsException
        || t instanceof IllegalArgumentException || t instanceof IllegalStateException) {
      return msg;
    }
    return t instanceof IOException ? msg : t.getClass().getSimpleName() + ": " + msg;
  }

  private static boolean isExpected(Throwable ex) {
    Throwable t = ex instanceof UncheckedIOException && ex.getCause() != null ? ex.getCause() : ex;
    return t instanceof UserException || t instanceof IOException
        || t instanceof IndexOutOfBoundsException || t instanceof IllegalArgumentException
        || t instanceof IllegalStateException;
  }

  static String oneLine(String message) {
    String s = message == null ? "" : message.strip();
    int nl = s.indexOf('\n');
    if (nl >= 0) {
      s = s.substring(0, nl).strip();
    }
    return s.replace('\r', ' ');
  }
}
