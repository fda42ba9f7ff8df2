package dev.linebase.log;

import java.io.IOException;

/**
 * What a {@link LogReader} needs from the log it reads: the segments, how far each may be read,
 * and a way to wait for more. Implemented by the in-process exclusive writer (exact commit
 * points, woken on each commit) and by {@link DiscoveryView} (the file system is the truth; used
 * by read-only logs and shared writers).
 */
interface LogView {

  /** The segments as last known. */
  Segments segments();

  /** The segments, re-learned from the file system where the view discovers them. */
  Segments refresh() throws IOException;

  /**
   * How many bytes of {@code segment} hold committed lines, or {@code Long.MAX_VALUE} when the
   * view does not know (the reader then stops at the first incomplete line or NUL byte).
   */
  long limit(Segment segment);

  /** The first line still stored, as last known. */
  long firstLine();

  /** An object that changes identity when new lines are committed, or null if unknown. */
  Object version();

  /** Waits until {@link #version()} is no longer {@code observed}, or a poll interval passes. */
  void awaitChange(Object observed, long nanos) throws InterruptedException;

  /** Largest line content a reader must accept. */
  int maxRecordBytes();

  /** Throws if the log is closed. */
  void ensureOpen();
}
