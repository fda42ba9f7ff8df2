package dev.linebase.cli;

import java.io.Writer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A thread-safe in-memory writer a test can wait on until its text contains something. */
final class WatchedWriter extends Writer {
  private final StringBuilder text = new StringBuilder();

  @Override
  public synchronized void write(char[] cbuf, int off, int len) {
    text.append(cbuf, off, len);
    notifyAll();
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}

  /** The text so far. */
  synchronized String text() {
    return text.toString();
  }

  /** Waits until the text contains {@code expected}; fails with the text at the deadline. */
  synchronized void awaitContains(String expected, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (text.indexOf(expected) < 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("timed out waiting for '" + expected + "' in:\n" + text);
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
  }
}
