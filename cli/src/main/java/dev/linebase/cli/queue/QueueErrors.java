package dev.linebase.cli.queue;

import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine.Model.CommandSpec;

/** Turns a queue command's user errors into exit code 1 and a one-line message on stderr. */
final class QueueErrors {
  /** Exit code for a user error (bad input, missing file). */
  static final int USER_ERROR = 1;

  private QueueErrors() {}

  /** A command body. */
  @FunctionalInterface
  interface Body {
    int run() throws Exception;
  }

  static int run(CommandSpec spec, Body body) {
    try {
      return body.run();
    } catch (IOException | UncheckedIOException | IllegalArgumentException
        | IllegalStateException e) {
      String msg = e.getMessage();
      if (e instanceof java.nio.file.NoSuchFileException n) {
        msg = "no such file: " + n.getFile();
      }
      spec.commandLine().getErr().println("linebase queue: " + (msg == null
          ? e.getClass().getSimpleName() : msg.replace('\n', ' ')));
      spec.commandLine().getErr().flush();
      return USER_ERROR;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return USER_ERROR;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
