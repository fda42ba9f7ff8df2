package dev.linebase.log;

import java.io.IOException;

/**
 * A read asked for a line that retention ({@link SegmentedLog#deleteBefore(long)}) has already
 * deleted. Carries the line asked for and the first line still available.
 */
public final class LogTruncatedException extends IOException {
  private static final long serialVersionUID = 1L;

  private final long line;
  private final long firstAvailableLine;

  public LogTruncatedException(long line, long firstAvailableLine) {
    super("line " + line + " was deleted by retention; the first available line is "
        + firstAvailableLine);
    this.line = line;
    this.firstAvailableLine = firstAvailableLine;
  }

  /** The line that was asked for. */
  public long line() {
    return line;
  }

  /** The first line the log still holds. */
  public long firstAvailableLine() {
    return firstAvailableLine;
  }
}
