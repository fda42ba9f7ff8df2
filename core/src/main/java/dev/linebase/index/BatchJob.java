package dev.linebase.index;

import java.io.Closeable;
import java.io.IOException;

/**
 * A resumable pass over an indexed file: a cursor that starts where the job's last {@link
 * #checkpoint()} left off. Typical use:
 *
 * <pre>{@code
 * try (BatchJob job = index.job("embed")) {
 *   while (job.next()) {
 *     embed(job.line());
 *     if (job.lineNumber() % 10_000 == 0) job.checkpoint();
 *   }
 *   job.checkpoint(); // at the end: marks the job completed
 * }
 * }</pre>
 *
 * A checkpoint records that every line returned so far is processed. Work after the last
 * checkpoint is done again after a crash (at-least-once). The job sees the lines of the file as
 * indexed when it was opened.
 *
 * <p>Not thread-safe; closing does not checkpoint and is idempotent.
 */
public final class BatchJob implements Closeable {
  private final Jobs jobs;
  private final String name;
  private final LineCursor cursor;
  private final long totalLines;
  private boolean completed;

  BatchJob(Jobs jobs, String name, LineCursor cursor, long totalLines) {
    this.jobs = jobs;
    this.name = name;
    this.cursor = cursor;
    this.totalLines = totalLines;
  }

  public String name() {
    return name;
  }

  /** Advances to the next line; false at the end of the file. */
  public boolean next() throws IOException {
    return cursor.next();
  }

  /** 0-based number of the current line. */
  public long lineNumber() {
    return cursor.lineNumber();
  }

  /** The current line as strict UTF-8. */
  public String line() throws IOException {
    return cursor.line();
  }

  /** The current line's content bytes. */
  public byte[] bytes() throws IOException {
    return cursor.bytes();
  }

  /** The first line not yet returned: where a checkpoint now would resume. */
  public long nextLine() {
    return cursor.nextLineNumber();
  }

  /**
   * Persists the position atomically; at the end of the file also marks the job completed.
   */
  public void checkpoint() throws IOException {
    completed = cursor.nextLineNumber() >= totalLines;
    jobs.save(name, cursor.nextLineNumber(), cursor.nextOffset(), completed, cursor.view());
  }

  /** Lines returned so far, as a percentage of the file's lines (100 for an empty file). */
  public double progress() {
    return totalLines == 0 ? 100.0 : 100.0 * cursor.nextLineNumber() / totalLines;
  }

  /** Whether the last {@link #checkpoint()} of this object was at the end of the file. */
  public boolean completed() {
    return completed;
  }

  @Override
  public void close() {
    cursor.close();
  }
}
