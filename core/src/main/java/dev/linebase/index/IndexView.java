package dev.linebase.index;

import dev.linebase.jsonl.LineReader;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * One immutable state of a {@link LineIndex}: the file facts it was built from (size,
 * modification time, fingerprint, file key), its {@link Checkpoints} and the mapping of exactly
 * the indexed bytes. A refresh builds a new view and swaps it in atomically, so readers never
 * lock and a reader that started on the old view finishes on it consistently.
 *
 * <p>Immutable and thread-safe.
 */
final class IndexView {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long HIGH_BITS = 0x8080808080808080L;
  private static final long ONES = 0x0101010101010101L;

  final Path path;
  final FileChannel channel;
  final Object fileKey;
  final long mtimeNanos;
  final Fingerprint fingerprint;
  final Checkpoints checkpoints;
  final MappedFile mapped;
  final boolean lastLineComplete;
  final int bomBytes;
  /** Set when a read found the bytes disagreeing with the checkpoints; refresh then rebuilds. */
  volatile boolean inconsistent;

  IndexView(Path path, FileChannel channel, Object fileKey, long mtimeNanos,
      Fingerprint fingerprint, Checkpoints checkpoints, MappedFile mapped) {
    this.path = path;
    this.channel = channel;
    this.fileKey = fileKey;
    this.mtimeNanos = mtimeNanos;
    this.fingerprint = fingerprint;
    this.checkpoints = checkpoints;
    this.mapped = mapped;
    long size = mapped.size();
    this.lastLineComplete = size == 0 || mapped.get(size - 1) == '\n';
    this.bomBytes = size >= 3 && (mapped.get(0) & 0xFF) == 0xEF && (mapped.get(1) & 0xFF) == 0xBB
        && (mapped.get(2) & 0xFF) == 0xBF ? 3 : 0;
  }

  long size() {
    return mapped.size();
  }

  long totalLines() {
    return checkpoints.totalLines();
  }

  void checkLine(long n) {
    long total = checkpoints.totalLines();
    if (n < 0 || n >= total) {
      throw new IndexOutOfBoundsException("line " + n + " out of range: " + path + " has "
          + (total == 0 ? "no lines" : "lines 0.." + (total - 1)));
    }
  }

  /**
   * Cheap plausibility checks of checkpoints that came from a sidecar against the mapped bytes:
   * up to 17 evenly spread checkpoints must each follow a {@code '\n'}, and the last line must
   * start inside the file and hold no newline before the file's last byte. The sidecar's
   * checksum already catches damage; these catch a sidecar that is intact but describes other
   * bytes of the same size, time and fingerprint windows.
   */
  boolean plausible() throws IOException {
    Checkpoints cps = checkpoints;
    long size = size();
    if (cps.totalLines() == 0) {
      return size == 0;
    }
    int count = cps.checkpointCount();
    int step = Math.max(1, count / 16);
    for (int c = 0; c < count; c += step) {
      if (!followsNewline(cps.offset(c))) {
        return false;
      }
    }
    if (!followsNewline(cps.offset(count - 1))) {
      return false;
    }
    long last = cps.totalLines() - 1;
    long start;
    try {
      start = lineStart(last);
    } catch (FileChangedException e) {
      return false;
    }
    return start < size && mapped.nthNewline(start, size - 1, 1) < 0;
  }

  private boolean followsNewline(long offset) {
    return offset == 0 || (offset < size() && mapped.get(offset - 1) == '\n');
  }

  /** Byte offset where line {@code n} (in range) starts. */
  long lineStart(long n) throws IOException {
    Checkpoints cps = checkpoints;
    int b = cps.blockOf(n);
    long inBlock = n - cps.blockFirstLine(b);
    int interval = cps.interval();
    int cp = cps.blockFirstCheckpoint(b) + (int) (inBlock / interval);
    long offset = cps.offset(cp);
    if (offset > 0 && mapped.get(offset - 1) != '\n') {
      throw inconsistent(n);
    }
    long skip = inBlock % interval;
    if (skip == 0) {
      return offset;
    }
    long nl = mapped.nthNewline(offset, mapped.size(), skip);
    if (nl < 0) {
      throw inconsistent(n);
    }
    return nl + 1;
  }

  /** Byte offset just past line {@code n} (in range), which starts at {@code start}. */
  long lineEnd(long n, long start) throws IOException {
    long size = mapped.size();
    if (n == checkpoints.totalLines() - 1) {
      return size;
    }
    long nl = mapped.nthNewline(start, size, 1);
    if (nl < 0) {
      throw inconsistent(n);
    }
    return nl + 1;
  }

  /**
   * Line {@code n}'s content: its bytes without the terminator, a {@code \r} before it, and the
   * BOM of line 0.
   */
  byte[] content(long n, long start, long end) throws IOException {
    long from = start == 0 ? bomBytes : start;
    long to = end;
    if (to > from && mapped.get(to - 1) == '\n') {
      to--;
      if (to > from && mapped.get(to - 1) == '\r') {
        to--;
      }
    }
    long length = to - from;
    if (length > Integer.MAX_VALUE - 16) {
      throw new IOException(path + ": line " + n + " at byte offset " + start + " is too long to "
          + "read at once (" + length + " bytes); use span(n)");
    }
    byte[] bytes = new byte[(int) length];
    mapped.copy(from, bytes, 0, bytes.length);
    if (hasZeroByte(bytes)) {
      verifyStillCovers(n, end);
    }
    return bytes;
  }

  /** Decodes content as strict UTF-8; malformed bytes throw naming the file and line. */
  String decode(long n, long start, byte[] content) throws IOException {
    if (isAscii(content)) {
      return new String(content, StandardCharsets.ISO_8859_1);
    }
    return LineReader.Utf8.decode(content, 0, content.length, path, n, start);
  }

  private static boolean isAscii(byte[] b) {
    int i = 0;
    long acc = 0;
    for (; i + 8 <= b.length; i += 8) {
      acc |= (long) LONGS.get(b, i);
    }
    for (; i < b.length; i++) {
      acc |= b[i];
    }
    return (acc & HIGH_BITS) == 0;
  }

  /** True if any byte is 0; may also be true for other bytes after a 0 byte (then harmless). */
  private static boolean hasZeroByte(byte[] b) {
    int i = 0;
    for (; i + 8 <= b.length; i += 8) {
      long w = (long) LONGS.get(b, i);
      if (((w - ONES) & ~w & HIGH_BITS) != 0) {
        return true;
      }
    }
    for (; i < b.length; i++) {
      if (b[i] == 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * Zero bytes are what a truncated file shows in the mapped page that holds its new end; check
   * that the file still has the bytes this line was read from.
   */
  void verifyStillCovers(long n, long end) throws IOException {
    long now = channel.size();
    if (now < end) {
      throw new FileChangedException(path, "truncated to " + now + " bytes while open (line " + n
          + " ends at byte " + end + ", the index covers " + size() + " bytes); call refresh()");
    }
  }

  /** What to throw when the mapped bytes disagree with the checkpoints of line {@code n}. */
  FileChangedException inconsistent(long n) {
    inconsistent = true;
    long now;
    try {
      now = channel.size();
    } catch (IOException e) {
      return new FileChangedException(path, "cannot read line " + n + ": " + e.getMessage(), e);
    }
    if (now < size()) {
      return new FileChangedException(path, "truncated to " + now + " bytes while open (the index "
          + "covers " + size() + " bytes); call refresh()");
    }
    return new FileChangedException(path, "rewritten while open (or its sidecar does not match "
        + "it): line " + n + " is not where the index says; call refresh()");
  }

  /** Translates the fault of reading a mapped page past a truncated file's end. */
  FileChangedException changedWhileOpen(InternalError fault) {
    long now;
    try {
      now = channel.size();
    } catch (IOException e) {
      now = -1;
    }
    return new FileChangedException(path, "truncated" + (now >= 0 ? " to " + now + " bytes" : "")
        + " while open (the index covers " + size() + " bytes); call refresh()", fault);
  }
}
