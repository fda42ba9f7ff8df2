package dev.linebase.jsonl;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Strict sequential reader of the lines of a file, from any byte offset, with a line-length limit.
 * It is the one place outside {@code dev.linebase.index} that splits bytes into lines, so the line
 * rules of DESIGN.md hold everywhere:
 *
 * <ul>
 *   <li>a line is the bytes up to and including {@code \n}; a {@code \r} right before the
 *       {@code \n} is stripped from the content; a lone {@code \r} is content;
 *   <li>a UTF-8 BOM at byte 0 of the file is not part of line 0's content;
 *   <li>a last line without {@code \n} is returned with {@link #complete()} false.
 * </ul>
 *
 * <p>After {@link #next()} returns true the current line's content is
 * {@code buffer()[contentOffset(), contentOffset() + contentLength())}, valid until the next call.
 * The reader reads with positional reads, never moves a shared channel position, and reads no
 * further than the file's size at the time of each refill; a reader over a stream
 * ({@link #over(InputStream, Path, int)}) reads it sequentially instead.
 *
 * <p>Instances are not thread-safe.
 */
public final class LineReader implements Closeable {
  private static final int MIN_BUFFER = 64 * 1024;

  private final Path path;
  private final FileChannel channel;
  /** The source of a reader over a stream (standard input, a pipe), else null. */
  private final ReadableByteChannel stream;
  private final boolean ownsChannel;
  private final int maxLineBytes;
  private long limitOffset;
  private boolean stopAtNul;

  private byte[] buf;
  private int bufStart; // index in buf of the first unconsumed byte
  private int bufEnd; // index in buf after the last valid byte
  private long bufFileOffset; // file offset of buf[0]

  private long lineNumber;
  private long lineOffset = -1;
  private long nextOffset;
  private int contentOffset;
  private int contentLength;
  private boolean complete;

  private LineReader(
      Path path, FileChannel channel, boolean ownsChannel, long startOffset, long startLine,
      int maxLineBytes, long limitOffset) {
    this(path, channel, null, ownsChannel, startOffset, startLine, maxLineBytes, limitOffset);
  }

  private LineReader(
      Path path, FileChannel channel, ReadableByteChannel stream, boolean ownsChannel,
      long startOffset, long startLine, int maxLineBytes, long limitOffset) {
    if (startOffset < 0) {
      throw new IllegalArgumentException("startOffset < 0: " + startOffset);
    }
    if (maxLineBytes <= 0) {
      throw new IllegalArgumentException("maxLineBytes <= 0: " + maxLineBytes);
    }
    this.path = path;
    this.channel = channel;
    this.stream = stream;
    this.ownsChannel = ownsChannel;
    this.maxLineBytes = maxLineBytes;
    this.limitOffset = limitOffset;
    this.buf = new byte[MIN_BUFFER];
    this.bufFileOffset = startOffset;
    this.nextOffset = startOffset;
    this.lineNumber = startLine - 1;
  }

  /** Opens {@code file} and reads from byte 0, line 0, with the given line limit. */
  public static LineReader open(Path file, int maxLineBytes) throws IOException {
    return open(file, 0, 0, maxLineBytes);
  }

  /**
   * Opens {@code file} and reads from {@code startOffset}, which must be the start of line
   * {@code startLine}.
   */
  public static LineReader open(Path file, long startOffset, long startLine, int maxLineBytes)
      throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
    try {
      return new LineReader(file, ch, true, startOffset, startLine, maxLineBytes, Long.MAX_VALUE);
    } catch (RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /**
   * Reads lines of an open channel (not closed by this reader) from {@code startOffset} up to
   * {@code limitOffset} exclusive ({@code Long.MAX_VALUE} for the end of file).
   */
  public static LineReader over(
      Path pathForErrors, FileChannel channel, long startOffset, long startLine, int maxLineBytes,
      long limitOffset) {
    return new LineReader(
        pathForErrors, channel, false, startOffset, startLine, maxLineBytes, limitOffset);
  }

  /**
   * Reads the lines of a stream that cannot be read by position (standard input, a pipe) from
   * where it stands, as line 0 at byte offset 0, with the same line rules as a file (a UTF-8 BOM
   * at its start is not content). {@code nameForErrors} stands for the path in error messages
   * and {@link #path()}. The stream is not closed by {@link #close()}.
   */
  public static LineReader over(InputStream in, Path nameForErrors, int maxLineBytes) {
    return new LineReader(nameForErrors, null, Channels.newChannel(in), false, 0, 0,
        maxLineBytes, Long.MAX_VALUE);
  }

  /**
   * Advances to the next line.
   *
   * @return false at the end of the file (or limit)
   * @throws LineTooLongException if a line's content exceeds {@code maxLineBytes}
   */
  public boolean next() throws IOException {
    long start = nextOffset;
    int scanFrom = bufStart;
    while (true) {
      int nl = stopAtNul ? indexOfNewlineOrNul(buf, scanFrom, bufEnd)
          : indexOf(buf, scanFrom, bufEnd, (byte) '\n');
      if (nl >= 0 && buf[nl] == 0) {
        // Data ends at a NUL byte (preallocated or never-written blocks): an incomplete line.
        setLine(start, bufStart, nl - bufStart, false, nl);
        return true;
      }
      if (nl >= 0) {
        int len = nl - bufStart;
        int content = len > 0 && buf[nl - 1] == '\r' ? len - 1 : len;
        if (content > maxLineBytes) {
          throw new LineTooLongException(path, start, lineNumber + 1, maxLineBytes);
        }
        setLine(start, bufStart, content, true, nl + 1);
        return true;
      }
      if (bufEnd - bufStart > maxLineBytes + 1) {
        throw new LineTooLongException(path, start, lineNumber + 1, maxLineBytes);
      }
      int scanned = bufEnd - bufStart; // bytes already known to hold no '\n'
      if (!fill()) {
        if (bufEnd == bufStart) {
          return false;
        }
        int len = bufEnd - bufStart;
        if (len > maxLineBytes) {
          throw new LineTooLongException(path, start, lineNumber + 1, maxLineBytes);
        }
        setLine(start, bufStart, len, false, bufEnd);
        return true;
      }
      scanFrom = bufStart + scanned;
    }
  }

  private void setLine(long start, int from, int len, boolean terminated, int consumedTo) {
    lineNumber++;
    lineOffset = start;
    contentOffset = from;
    contentLength = len;
    if (start == 0 && len >= 3 && (buf[from] & 0xFF) == 0xEF && (buf[from + 1] & 0xFF) == 0xBB
        && (buf[from + 2] & 0xFF) == 0xBF) {
      contentOffset += 3;
      contentLength -= 3;
    }
    complete = terminated;
    nextOffset = start + (consumedTo - from);
    bufStart = consumedTo;
  }

  /** Reads more bytes; compacts or grows the buffer first. Returns false at end of data. */
  private boolean fill() throws IOException {
    if (bufStart > 0) {
      int live = bufEnd - bufStart;
      System.arraycopy(buf, bufStart, buf, 0, live);
      // Positions of the current line shift with the compaction.
      bufFileOffset += bufStart;
      bufEnd = live;
      bufStart = 0;
    }
    if (bufEnd == buf.length) {
      int grown = (int) Math.min((long) buf.length * 2, (long) maxLineBytes + 2 + MIN_BUFFER);
      if (grown <= buf.length) {
        return false;
      }
      buf = Arrays.copyOf(buf, grown);
    }
    long pos = bufFileOffset + bufEnd;
    long room = Math.min(buf.length - bufEnd, limitOffset - pos);
    if (room <= 0) {
      return false;
    }
    ByteBuffer into = ByteBuffer.wrap(buf, bufEnd, (int) room);
    int n = stream != null ? stream.read(into) : channel.read(into, pos);
    if (n <= 0) {
      return false;
    }
    bufEnd += n;
    return true;
  }

  private static int indexOfNewlineOrNul(byte[] a, int from, int to) {
    for (int i = from; i < to; i++) {
      byte b = a[i];
      if (b == '\n' || b == 0) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Makes this reader treat a NUL byte as the end of the data: the line holding it is returned
   * up to the NUL with {@link #complete()} false, and no byte after it is read. For files that a
   * writer preallocates with zeros (a memory-mapped log segment), where the bytes past the last
   * written line are NULs rather than the end of the file. Returns this reader.
   */
  public LineReader stopAtNul() {
    this.stopAtNul = true;
    return this;
  }

  /**
   * Raises the offset this reader reads up to (for a file that grows while it is read). A limit
   * lower than the current one is ignored.
   */
  public void extendLimit(long newLimitOffset) {
    if (newLimitOffset > limitOffset) {
      limitOffset = newLimitOffset;
    }
  }

  private static int indexOf(byte[] a, int from, int to, byte b) {
    for (int i = from; i < to; i++) {
      if (a[i] == b) {
        return i;
      }
    }
    return -1;
  }

  /** 0-based number of the current line. */
  public long lineNumber() {
    return lineNumber;
  }

  /** Byte offset in the file where the current line starts. */
  public long lineOffset() {
    return lineOffset;
  }

  /** Byte offset just past the current line's terminator (where the next line starts). */
  public long nextOffset() {
    return nextOffset;
  }

  /** Whether the current line ends with {@code \n}. */
  public boolean complete() {
    return complete;
  }

  /** The buffer holding the current line's content. Do not modify. */
  public byte[] buffer() {
    return buf;
  }

  /** Index in {@link #buffer()} of the current content. */
  public int contentOffset() {
    return contentOffset;
  }

  /** Length of the current content, without the terminator and a {@code \r} before it. */
  public int contentLength() {
    return contentLength;
  }

  /** A copy of the current content. */
  public byte[] contentBytes() {
    return Arrays.copyOfRange(buf, contentOffset, contentOffset + contentLength);
  }

  /**
   * The current content decoded as strict UTF-8.
   *
   * @throws CharacterCodingException naming the file and line if it is not valid UTF-8
   */
  public String content() throws CharacterCodingException {
    return Utf8.decode(buf, contentOffset, contentLength, path, lineNumber, lineOffset);
  }

  /** The file being read. */
  public Path path() {
    return path;
  }

  @Override
  public void close() throws IOException {
    if (ownsChannel) {
      channel.close();
    }
  }

  /** A line longer than the reader's limit. */
  public static final class LineTooLongException extends IOException {
    private static final long serialVersionUID = 1L;

    LineTooLongException(Path path, long offset, long line, int max) {
      super(path + ": line " + line + " at byte offset " + offset + " is longer than "
          + max + " bytes");
    }
  }

  /** Strict UTF-8 decoding with a located error. */
  public static final class Utf8 {
    private Utf8() {}

    /** Decodes strictly; malformed input throws naming the file, line and offset. */
    public static String decode(
        byte[] bytes, int offset, int length, Path path, long line, long byteOffset)
        throws CharacterCodingException {
      try {
        return StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes, offset, length))
            .toString();
      } catch (CharacterCodingException e) {
        CharacterCodingException located = new CharacterCodingException() {
          private static final long serialVersionUID = 1L;

          @Override
          public String getMessage() {
            return path + ": line " + line + " at byte offset " + byteOffset
                + " is not valid UTF-8";
          }
        };
        located.initCause(e);
        throw located;
      }
    }
  }
}
