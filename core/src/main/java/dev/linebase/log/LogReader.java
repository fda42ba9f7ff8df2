package dev.linebase.log;

import dev.linebase.io.CorruptFileException;
import dev.linebase.jsonl.Json;
import dev.linebase.jsonl.LineReader;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * A cursor over a {@link SegmentedLog}'s lines from a global line number on, crossing segment
 * boundaries, and tailing the log as it grows.
 *
 * <pre>{@code
 * try (LogReader r = log.reader(from)) {
 *   while (r.next(1, TimeUnit.SECONDS)) {
 *     handle(r.lineNumber(), r.value(Event.class));
 *   }
 * }
 * }</pre>
 *
 * <p>{@link #next()} never blocks: it returns false when no further committed line exists yet,
 * and may be called again later to continue. {@link #next(long, TimeUnit)} waits for a new line.
 * Lines become visible to a reader of the writing log object when they are committed under the
 * log's durability policy (see {@link SegmentedLog}); a reader of a log opened read-only or in
 * {@link WriterMode#SHARED} mode discovers new bytes and segments from the file system, polling
 * every {@value #POLL_MILLIS} ms while it waits, and never returns an incomplete line or NUL bytes.
 *
 * <p>Reading a line deleted by retention throws {@link LogTruncatedException}; damage inside a
 * sealed segment (a NUL byte, an unterminated last line, a line count that disagrees with the
 * next segment's base) throws {@link CorruptFileException} with the path, byte offset and line.
 *
 * <p>Not thread-safe: one reader is used by one thread. Many readers may read one log at once.
 */
public final class LogReader implements AutoCloseable {
  /** Poll interval while waiting for lines that are discovered from the file system. */
  public static final long POLL_MILLIS = 2;

  private final LogView view;
  private final long target;
  private Segment seg;
  private long offset;
  private long nextLine;
  private LineReader lines;
  private long lineNumber = -1;
  private long lineOffset = -1;
  private boolean closed;
  private boolean hasLine;

  LogReader(LogView view, long fromLine) throws IOException {
    if (fromLine < 0) {
      throw new IllegalArgumentException("fromLine < 0: " + fromLine);
    }
    this.view = view;
    this.target = fromLine;
    Segments segs = view.refresh();
    long first = segs.isEmpty() ? 0 : segs.first().base;
    if (fromLine < first) {
      throw new LogTruncatedException(fromLine, first);
    }
    seek(segs, fromLine);
  }

  private void seek(Segments segs, long line) throws IOException {
    seg = segs.floor(line);
    if (seg == null) {
      offset = 0;
      nextLine = 0;
      return;
    }
    Segment after = segs.after(seg.base);
    SegmentIndexes.Position p =
        SegmentIndexes.floor(seg, line - seg.base, after == null ? -1 : after.base);
    offset = p.offset();
    nextLine = seg.base + p.lineInSegment();
  }

  /**
   * Moves to the next committed line without waiting.
   *
   * @return false if there is none yet (call again later)
   * @throws LogTruncatedException if retention deleted the next line
   * @throws CorruptFileException if a sealed segment is damaged
   */
  public boolean next() throws IOException {
    if (closed) {
      throw new IllegalStateException("reader is closed");
    }
    view.ensureOpen();
    hasLine = false;
    while (nextLine < target) {
      if (!advance()) {
        return false;
      }
    }
    hasLine = advance();
    return hasLine;
  }

  /**
   * Moves to the next line, waiting up to {@code timeout} for one to be committed.
   *
   * @return false if none arrived in time
   */
  public boolean next(long timeout, TimeUnit unit) throws IOException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    while (true) {
      Object version = view.version();
      if (next()) {
        return true;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      try {
        view.awaitChange(version, Math.min(left, TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting for line " + nextLine);
      }
    }
  }

  private boolean advance() throws IOException {
    int reopened = 0;
    while (true) {
      long first = view.firstLine();
      if (nextLine < first) {
        throw new LogTruncatedException(nextLine, first);
      }
      if (seg == null) {
        Segments segs = view.refresh();
        if (segs.isEmpty()) {
          return false;
        }
        seek(segs, target);
      }
      try {
        if (readLine(view.limit(seg), false)) {
          return true;
        }
        Segment after = view.segments().after(seg.base);
        if (after == null && view.limit(seg) == Long.MAX_VALUE) {
          after = view.refresh().after(seg.base);
        }
        if (after == null) {
          return false;
        }
        // A later segment exists, so this one is sealed: read what is left, then move on.
        if (readLine(sealedLimit(), true)) {
          return true;
        }
        if (nextLine != after.base) {
          throw new CorruptFileException(seg.path, offset, nextLine,
              "segment ends at line " + nextLine + " but the next segment starts at line "
                  + after.base);
        }
        dropLines();
        seg = after;
        offset = 0;
      } catch (ClosedByInterruptException e) {
        dropLines();
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while reading line " + nextLine);
      } catch (ClosedChannelException | NoSuchFileException e) {
        dropLines();
        long firstNow = view.refresh().isEmpty() ? 0 : view.segments().first().base;
        if (nextLine < firstNow) {
          throw new LogTruncatedException(nextLine, firstNow);
        }
        if (e instanceof ClosedChannelException && !seg.isClosed() && reopened++ < 3) {
          continue; // another reader's interrupt closed the shared channel: reopen it
        }
        throw e;
      }
    }
  }

  private long sealedLimit() throws IOException {
    long sealed = seg.sealedBytes();
    return sealed >= 0 ? sealed : seg.channel().size();
  }

  /** Reads the line at {@code offset} if it is complete below {@code limit}. */
  private boolean readLine(long limit, boolean sealed) throws IOException {
    FileChannel ch = seg.channel();
    boolean fresh = lines == null;
    if (fresh) {
      lines = LineReader.over(seg.path, ch, offset, nextLine, view.maxRecordBytes(), limit)
          .stopAtNul();
    } else {
      lines.extendLimit(limit);
    }
    boolean got;
    try {
      got = lines.next();
    } catch (LineReader.LineTooLongException e) {
      if (sealed) {
        throw new CorruptFileException(seg.path, offset, nextLine,
            "line is longer than maxRecordBytes " + view.maxRecordBytes(), e);
      }
      dropLines();
      return false; // a long record still being copied in by the writer
    }
    if (!got) {
      return false;
    }
    if (!lines.complete()) {
      if (sealed) {
        throw new CorruptFileException(seg.path, lines.lineOffset(), nextLine,
            lines.contentLength() < sealedLimit() - lines.lineOffset()
                ? "NUL byte in a sealed segment" : "sealed segment ends in an unterminated line");
      }
      dropLines(); // not yet completely written: read it again next time
      // A reader kept from an earlier call may have buffered NULs past the last line then, which
      // a mapped writer has filled since: look once more with fresh bytes before giving up.
      return !fresh && readLine(limit, false);
    }
    lineNumber = nextLine;
    lineOffset = lines.lineOffset();
    nextLine++;
    offset = lines.nextOffset();
    return true;
  }

  private void dropLines() {
    lines = null;
  }

  private void requireLine() {
    if (!hasLine) {
      throw new IllegalStateException("no current line: the last next() did not return true");
    }
  }

  /** The global line number of the current line. */
  public long lineNumber() {
    requireLine();
    return lineNumber;
  }

  /** The line number the next successful {@link #next()} returns. */
  public long nextLineNumber() {
    return Math.max(nextLine, target);
  }

  /**
   * A copy of the current line's content, without the {@code \n}. The current line's accessors
   * are valid until the next call to {@code next}.
   */
  public byte[] bytes() {
    requireLine();
    return Arrays.copyOfRange(
        lines.buffer(), lines.contentOffset(), lines.contentOffset() + lines.contentLength());
  }

  /** The current line's content as UTF-8 text (strict: invalid UTF-8 throws, naming the line). */
  public String text() throws IOException {
    requireLine();
    return lines.content();
  }

  /**
   * The current line's JSON value mapped to {@code type} through the shared Jackson mapper.
   *
   * @throws CorruptFileException if the line is not valid JSON
   * @throws IOException if it is JSON that does not map to {@code type}
   */
  public <T> T value(Class<T> type) throws IOException {
    requireLine();
    try {
      return Json.mapper().readValue(
          lines.buffer(), lines.contentOffset(), lines.contentLength(), type);
    } catch (com.fasterxml.jackson.core.JsonParseException e) {
      throw new CorruptFileException(seg.path, lineOffset, lineNumber,
          "invalid JSON: " + e.getOriginalMessage(), e);
    } catch (JsonProcessingException e) {
      throw new IOException(seg.path + ": line " + lineNumber + " at byte offset " + lineOffset
          + " does not map to " + type.getName() + ": " + e.getOriginalMessage(), e);
    }
  }

  /** Releases this reader. The log's shared segment channels stay open. Idempotent. */
  @Override
  public void close() {
    closed = true;
    lines = null;
  }
}
