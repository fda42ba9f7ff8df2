package dev.linebase.testkit;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A Java main class run in a child JVM on this JVM's class path, so a test can kill it with
 * {@code kill -9} ({@link #kill()}: {@link ProcessHandle#destroyForcibly()}, SIGKILL on Linux)
 * in the middle of a write and then check what survived on disk.
 *
 * <p>The child's stdout is read line by line on a background thread; only lines ended by
 * {@code \n} count (a line torn by the kill is kept apart, see {@link #partialLine()}), so a
 * child that prints an acknowledgement after each durable operation never gets credit for one it
 * did not finish printing. The child's stderr goes to a temporary file that failure messages
 * include and {@link #close()} deletes. The child runs with {@code -Xmx256m
 * -XX:+UseSerialGC} before any extra options, to stay small on a shared machine.
 *
 * <p>Waiting methods take a deadline and fail with an {@link AssertionError} that carries the
 * child's stdout and stderr so far; they return early when the child exits. This class is
 * thread-safe.
 */
public final class ChildJvm implements AutoCloseable {
  private static final Duration EXIT_WAIT = Duration.ofSeconds(30);

  private final String description;
  private final Process process;
  private final Path stderrFile;
  private final Thread reader;
  private final Object lock = new Object();
  private final List<String> lines = new ArrayList<>();
  private final StringBuilder partial = new StringBuilder();
  private boolean stdoutClosed;
  private IOException readFailure;

  private ChildJvm(String description, Process process, Path stderrFile) {
    this.description = description;
    this.process = process;
    this.stderrFile = stderrFile;
    this.reader = new Thread(this::pump, "child-jvm-stdout-" + process.pid());
    this.reader.setDaemon(true);
    this.reader.start();
  }

  /** Starts {@code mainClass} with {@code args} in a child JVM. */
  public static ChildJvm start(Class<?> mainClass, String... args) throws IOException {
    return start(List.of(), mainClass, args);
  }

  /** Starts {@code mainClass} with {@code args} in a child JVM with extra JVM options. */
  public static ChildJvm start(List<String> jvmOptions, Class<?> mainClass, String... args)
      throws IOException {
    Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.add("-Xmx256m");
    command.add("-XX:+UseSerialGC");
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass.getName());
    command.addAll(List.of(args));
    Path stderr = Files.createTempFile("linebase-child-", ".stderr");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectError(stderr.toFile())
            .redirectInput(ProcessBuilder.Redirect.PIPE);
    Process process;
    try {
      process = builder.start();
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(stderr);
      throw e;
    }
    process.getOutputStream().close();
    return new ChildJvm(mainClass.getSimpleName() + " " + String.join(" ", args), process, stderr);
  }

  private void pump() {
    try (Reader in = new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)) {
      char[] buf = new char[8192];
      int n;
      while ((n = in.read(buf)) >= 0) {
        synchronized (lock) {
          for (int i = 0; i < n; i++) {
            char c = buf[i];
            if (c == '\n') {
              int len = partial.length();
              if (len > 0 && partial.charAt(len - 1) == '\r') {
                partial.setLength(len - 1);
              }
              lines.add(partial.toString());
              partial.setLength(0);
            } else {
              partial.append(c);
            }
          }
          lock.notifyAll();
        }
      }
    } catch (IOException e) {
      synchronized (lock) {
        readFailure = e;
      }
    } finally {
      synchronized (lock) {
        stdoutClosed = true;
        lock.notifyAll();
      }
    }
  }

  /** The child's process id. */
  public long pid() {
    return process.pid();
  }

  /** The underlying process, for waits and checks this class does not offer. */
  public Process process() {
    return process;
  }

  /** Whether the child is still running. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** A snapshot of the complete ({@code \n}-terminated) stdout lines read so far. */
  public List<String> lines() {
    synchronized (lock) {
      return List.copyOf(lines);
    }
  }

  /** Text the child printed after its last {@code \n} (a line torn by a kill), or "". */
  public String partialLine() {
    synchronized (lock) {
      return partial.toString();
    }
  }

  /**
   * Waits for the first stdout line (from the start of the output) that matches and returns it.
   *
   * @throws AssertionError with the child's output if no line matches before the deadline or
   *     before the child's stdout closes
   */
  public String awaitLine(Predicate<String> matcher, Duration timeout) {
    return awaitMatch(matcher, 1, timeout);
  }

  /**
   * Waits until {@code count} stdout lines match and returns the {@code count}-th of them.
   *
   * @throws AssertionError with the child's output if fewer match before the deadline or before
   *     the child's stdout closes
   */
  public String awaitMatch(Predicate<String> matcher, int count, Duration timeout) {
    return tryAwaitMatch(matcher, count, timeout)
        .orElseThrow(() -> failure("child stdout closed before " + count + " matching lines"));
  }

  /**
   * Like {@link #awaitMatch} but returns empty instead of failing when the child's stdout closes
   * (it exited) before {@code count} lines matched.
   *
   * @throws AssertionError with the child's output if the deadline passes first
   */
  public Optional<String> tryAwaitMatch(Predicate<String> matcher, int count, Duration timeout) {
    if (count <= 0) {
      throw new IllegalArgumentException("count <= 0: " + count);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    int scanned = 0;
    int found = 0;
    synchronized (lock) {
      while (true) {
        for (; scanned < lines.size(); scanned++) {
          if (matcher.test(lines.get(scanned)) && ++found == count) {
            return Optional.of(lines.get(scanned));
          }
        }
        if (stdoutClosed) {
          return Optional.empty();
        }
        long leftNanos = deadline - System.nanoTime();
        if (leftNanos <= 0) {
          throw failure("timed out after " + timeout + " with " + found + " of " + count
              + " matching lines");
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(lock, leftNanos);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw failure("interrupted while waiting for output");
        }
      }
    }
  }

  /**
   * Waits until the text after the last {@code \n} matches (for tests of output torn by a kill).
   *
   * @throws AssertionError with the child's output at the deadline or when stdout closes first
   */
  public String awaitPartialLine(Predicate<String> matcher, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (!matcher.test(partial.toString())) {
        if (stdoutClosed) {
          throw failure("child stdout closed before the partial line matched");
        }
        long leftNanos = deadline - System.nanoTime();
        if (leftNanos <= 0) {
          throw failure("timed out after " + timeout + " waiting for the partial line");
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(lock, leftNanos);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw failure("interrupted while waiting for output");
        }
      }
      return partial.toString();
    }
  }

  /**
   * Kills the child with SIGKILL, waits for it to exit and for its stdout to be read to the end,
   * and returns the exit code. Safe to call on a child that already exited.
   *
   * <p>The signal goes through {@link ProcessHandle#destroyForcibly()}, not
   * {@link Process#destroyForcibly()}: on Linux the latter also closes this side of the stdout
   * pipe, which throws away every line the child printed that the reader thread had not read
   * yet. A crash test then loses acknowledgements of operations that did happen (a delete whose
   * acknowledgement is lost makes the records it legitimately hid look lost).
   */
  public int kill() {
    process.toHandle().destroyForcibly();
    return waitFor(EXIT_WAIT);
  }

  /**
   * Waits for the child to exit and its stdout to be read to the end; returns the exit code.
   *
   * @throws AssertionError with the child's output if it is still running at the deadline, or
   *     if its stdout could not be read to the end
   */
  public int waitFor(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        throw failure("still running after " + timeout);
      }
      reader.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure("interrupted while waiting for exit");
    }
    synchronized (lock) {
      if (!stdoutClosed || readFailure != null) {
        // Never hand a caller a silently shortened output: lost lines are lost acknowledgements.
        throw failure("the child exited but its stdout was not read to the end");
      }
    }
    return process.exitValue();
  }

  /** The child's stderr so far (empty if it could not be read). */
  public String stderr() {
    try {
      return Files.readString(stderrFile, StandardCharsets.UTF_8);
    } catch (IOException | UncheckedIOException e) {
      return "";
    }
  }

  /** A description of the child and everything it printed so far, for failure messages. */
  public String describe() {
    List<String> out;
    String torn;
    IOException failed;
    synchronized (lock) {
      out = List.copyOf(lines);
      torn = partial.toString();
      failed = readFailure;
    }
    StringBuilder sb = new StringBuilder();
    sb.append("child JVM ").append(description).append(" (pid ").append(process.pid());
    if (process.isAlive()) {
      sb.append(", running)");
    } else {
      sb.append(", exit code ").append(process.exitValue()).append(')');
    }
    int from = Math.max(0, out.size() - 200);
    sb.append("\n--- stdout (").append(out.size()).append(" lines");
    if (from > 0) {
      sb.append(", last 200 shown");
    }
    sb.append(") ---\n");
    for (String line : out.subList(from, out.size())) {
      sb.append(line).append('\n');
    }
    if (!torn.isEmpty()) {
      sb.append("[unterminated] ").append(torn).append('\n');
    }
    if (failed != null) {
      sb.append("[stdout read failed: ").append(failed).append("]\n");
    }
    String err = stderr();
    if (err.length() > 20_000) {
      err = "...\n" + err.substring(err.length() - 20_000);
    }
    sb.append("--- stderr ---\n").append(err);
    return sb.toString();
  }

  private AssertionError failure(String what) {
    return new AssertionError(what + ": " + describe());
  }

  /** Kills the child if it is still running and deletes its stderr file. Idempotent. */
  @Override
  public void close() throws IOException {
    if (process.isAlive()) {
      kill();
    }
    Files.deleteIfExists(stderrFile);
  }
}
