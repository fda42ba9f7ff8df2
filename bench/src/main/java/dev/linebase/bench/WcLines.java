package dev.linebase.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Runs {@code wc -l FILE} as a child process and times it: the reference for "counting lines at
 * the speed of the machine". The time includes process start (a few milliseconds), which is why
 * callers compare it on files of hundreds of megabytes or more. This class is stateless and
 * thread-safe.
 */
public final class WcLines {

  /** One timed run: the line count {@code wc} printed and the wall-clock time. */
  public record Result(long lines, long nanos) {}

  private WcLines() {}

  public static Result count(Path file) throws IOException {
    ProcessBuilder pb = new ProcessBuilder("wc", "-l", file.toString());
    pb.environment().put("LC_ALL", "C");
    pb.redirectError(ProcessBuilder.Redirect.INHERIT);
    long start = System.nanoTime();
    Process p = pb.start();
    String out;
    try (InputStream in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
    }
    int exit;
    try {
      exit = p.waitFor();
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for wc -l " + file, e);
    }
    long nanos = System.nanoTime() - start;
    if (exit != 0 || out.isEmpty()) {
      throw new IOException("wc -l " + file + " exited " + exit + ": " + out);
    }
    return new Result(Long.parseLong(out.split("\\s+")[0]), nanos);
  }
}
