package dev.linebase.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a command's standard input into lines for {@code log append}: the bytes up to each
 * {@code \n}, with a {@code \r} right before it stripped (a lone {@code \r} stays content, and the
 * log then rejects it); a last line without {@code \n} counts. Files are split by {@link
 * dev.linebase.jsonl.LineReader}; this class exists because stdin is a stream, not a channel.
 * Memory is bounded: a line longer than {@code maxLineBytes} is a {@link UserException}. Not
 * thread-safe.
 */
final class InputLines {
  private final InputStream in;
  private final int maxLineBytes;
  private byte[] buf = new byte[1 << 16];
  private int start;
  private int end;
  private boolean eof;
  private long lineNumber;

  InputLines(InputStream in, int maxLineBytes) {
    this.in = in;
    this.maxLineBytes = maxLineBytes;
  }

  /** The next line's content, or null at the end of input. */
  byte[] next() throws IOException {
    int scanned = 0; // bytes after start known to hold no '\n'
    while (true) {
      for (int i = start + scanned; i < end; i++) {
        if (buf[i] == '\n') {
          int contentEnd = i > start && buf[i - 1] == '\r' ? i - 1 : i;
          return take(contentEnd, i + 1);
        }
      }
      scanned = end - start;
      if (scanned > maxLineBytes + 1) {
        throw new UserException("stdin line " + (lineNumber + 1) + " is longer than "
            + maxLineBytes + " bytes (maxRecordBytes)");
      }
      if (eof || !fill()) {
        return start == end ? null : take(end, end);
      }
    }
  }

  private byte[] take(int contentEnd, int next) {
    byte[] line = Arrays.copyOfRange(buf, start, contentEnd);
    start = next;
    lineNumber++;
    return line;
  }

  /** The 1-based number of the line {@link #next()} returned last. */
  long lineNumber() {
    return lineNumber;
  }

  /** Whether input is already buffered or waiting, so {@link #next()} is unlikely to block. */
  boolean ready() throws IOException {
    return start < end || (!eof && in.available() > 0);
  }

  /** Reads more input, compacting or growing the buffer first; false at the end of input. */
  private boolean fill() throws IOException {
    if (start > 0) {
      System.arraycopy(buf, start, buf, 0, end - start);
      end -= start;
      start = 0;
    }
    if (end == buf.length) {
      buf = Arrays.copyOf(buf, buf.length * 2);
    }
    int n = in.read(buf, end, buf.length - end);
    if (n < 0) {
      eof = true;
      return false;
    }
    end += n;
    return true;
  }
}
