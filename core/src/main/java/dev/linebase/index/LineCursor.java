package dev.linebase.index;

import java.io.Closeable;
import java.io.IOException;
import java.util.NoSuchElementException;

/**
 * Reads the lines {@code [from, to)} of an indexed file in order, reporting each line's number.
 * It reads the index state of the moment it was created: lines appended later are not visible
 * to it (open another cursor after {@link LineIndex#refresh()}).
 *
 * <pre>{@code
 * try (LineCursor c = index.cursor(1_000_000)) {
 *   while (c.next()) {
 *     process(c.lineNumber(), c.line());
 *   }
 * }
 * }</pre>
 *
 * <p>Not thread-safe: use one cursor per thread. Closing is idempotent.
 */
public final class LineCursor implements Closeable {
  private final LineIndex index;
  private final IndexView view;
  private final long to;
  private long nextLine;
  private long nextOffset;
  private long line = -1;
  private long start;
  private long end;
  private byte[] content;
  private boolean closed;

  LineCursor(LineIndex index, IndexView view, long from, long to) throws IOException {
    this.index = index;
    this.view = view;
    this.to = to;
    this.nextLine = from;
    try {
      this.nextOffset = from < view.totalLines() ? view.lineStart(from) : view.size();
    } catch (InternalError e) {
      throw view.changedWhileOpen(e);
    }
  }

  /** Advances to the next line; false once the last line of the range was read. */
  public boolean next() throws IOException {
    if (closed) {
      throw new IllegalStateException("cursor is closed");
    }
    index.checkOpen();
    if (nextLine >= to) {
      content = null;
      line = -1;
      return false;
    }
    try {
      long e = view.lineEnd(nextLine, nextOffset);
      line = nextLine;
      start = nextOffset;
      end = e;
      content = null;
      nextLine++;
      nextOffset = e;
      return true;
    } catch (InternalError fault) {
      throw view.changedWhileOpen(fault);
    }
  }

  /** 0-based number of the current line. */
  public long lineNumber() {
    current();
    return line;
  }

  /** Where the current line lies, terminator included. */
  public LineSpan span() {
    current();
    return new LineSpan(start, Math.toIntExact(end - start));
  }

  /** The current line's content bytes (no terminator, no {@code \r} before it, no BOM). */
  public byte[] bytes() throws IOException {
    current();
    if (content == null) {
      try {
        content = view.content(line, start, end);
      } catch (InternalError fault) {
        throw view.changedWhileOpen(fault);
      }
    }
    return content.clone();
  }

  /**
   * The current line decoded as strict UTF-8.
   *
   * @throws java.nio.charset.CharacterCodingException naming the file and line if it is not UTF-8
   */
  public String line() throws IOException {
    current();
    if (content == null) {
      try {
        content = view.content(line, start, end);
      } catch (InternalError fault) {
        throw view.changedWhileOpen(fault);
      }
    }
    return view.decode(line, start, content);
  }

  /** The line number the next call to {@link #next()} reads (where a resumed run continues). */
  public long nextLineNumber() {
    return nextLine;
  }

  /** The byte offset where the line {@link #nextLineNumber()} starts. */
  public long nextOffset() {
    return nextOffset;
  }

  /** The end of this cursor's range (exclusive). */
  public long endLine() {
    return to;
  }

  IndexView view() {
    return view;
  }

  private void current() {
    if (line < 0 || line != nextLine - 1 || closed) {
      throw new NoSuchElementException(closed ? "cursor is closed" : "no current line; call next()");
    }
  }

  @Override
  public void close() {
    closed = true;
  }
}
