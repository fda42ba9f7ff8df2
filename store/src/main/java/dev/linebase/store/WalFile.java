package dev.linebase.store;

import dev.linebase.io.AtomicFiles;
import dev.linebase.io.CorruptFileException;
import dev.linebase.io.Durability;
import dev.linebase.jsonl.LineReader;
import dev.linebase.jsonl.Records;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A WAL file of the opslog layout: a sequence of {@link OpLine} lines, appended at the end, never
 * rewritten except that {@code undo()} truncates the last line. This class scans one (with
 * recovery) and appends to one.
 *
 * <p>Recovery rules. Blank lines are skipped. The <em>tail</em> is the last line when it lacks its
 * {@code \n} (an interrupted append: opslog appends each batch with one {@code appendFile}) or
 * when it is complete but not a valid op. In a file this process writes (the single writer's WAL,
 * an agent's own WAL) a torn tail is truncated and the bytes cut are reported; a reader (read-only
 * follower, another agent's file) leaves it alone and reads it again later, as it may be a write in
 * progress. An invalid line <em>before</em> the tail is damage in sealed data: a
 * {@link CorruptFileException} with path, line and byte offset; nothing is skipped silently
 * (opslog skips such lines with a console message, losing them).
 *
 * <p>While open for appending (and after a crash) the file carries a tail of spaces past its last
 * line, written ahead so that appends do not grow the file; under a policy that does not force,
 * appends go through a memory map. See {@link WalMapping}.
 *
 * <p>The writer is used by one thread at a time (the store's commit leader); it is not
 * thread-safe by itself.
 */
final class WalFile implements AutoCloseable {
  /** Line limit for WAL lines: a record limit plus room for prev and the envelope. */
  static final int MAX_LINE_BYTES = 2 * Records.DEFAULT_MAX_RECORD_BYTES + 4096;

  /** An op and where its line starts. */
  record Entry(OpLine op, long offset) {}

  /**
   * What a scan found: the ops, where the last valid line ends, the file's size, and how many bytes
   * after {@code validEnd} are a mapped writer's padding (an unterminated run of spaces, see
   * {@link WalMapping}) rather than a torn op.
   */
  record Scan(List<Entry> entries, long validEnd, long fileSize, long paddingBytes) {
    long tornBytes() {
      return fileSize - validEnd - paddingBytes;
    }
  }

  /** Scans {@code file} from {@code startOffset}; a missing file scans as empty. */
  static Scan scan(StoreBackend backend, Path file, long startOffset) throws IOException {
    List<Entry> entries = new ArrayList<>();
    long validEnd = startOffset;
    long size;
    long padding = 0;
    FileChannel ch;
    try {
      ch = backend.openRead(file);
    } catch (NoSuchFileException e) {
      return new Scan(entries, startOffset, startOffset, 0);
    }
    try (ch) {
      size = ch.size();
      if (size < startOffset) {
        throw new CorruptFileException(file, startOffset, CorruptFileException.UNKNOWN,
            "WAL shrank below an offset already read (" + size + " < " + startOffset + ")");
      }
      try (LineReader r = LineReader.over(file, ch, startOffset, 0, MAX_LINE_BYTES, size)) {
        long pendingBadOffset = -1;
        long pendingBadLine = -1;
        String pendingProblem = null;
        while (r.next()) {
          if (pendingProblem != null) {
            // An invalid line followed by more lines: sealed damage.
            throw new CorruptFileException(file, pendingBadOffset, pendingBadLine, pendingProblem);
          }
          if (!r.complete()) {
            // Unterminated last line: a torn append, or a mapped writer's padding (all spaces).
            if (allSpaces(r.buffer(), r.contentOffset(), r.contentLength())) {
              padding = size - r.lineOffset();
            }
            break;
          }
          if (SnapshotFile.isBlank(r.buffer(), r.contentOffset(), r.contentLength())) {
            validEnd = r.nextOffset();
            continue;
          }
          try {
            OpLine op = OpLine.decode(r.buffer(), r.contentOffset(), r.contentLength());
            entries.add(new Entry(op, r.lineOffset()));
            validEnd = r.nextOffset();
          } catch (OpLine.InvalidOpException e) {
            pendingBadOffset = r.lineOffset();
            pendingBadLine = r.lineNumber();
            pendingProblem = "invalid WAL line: " + e.getMessage();
          }
        }
      }
    }
    return new Scan(entries, validEnd, size, padding);
  }

  private static boolean allSpaces(byte[] b, int off, int len) {
    for (int i = off; i < off + len; i++) {
      if (b[i] != WalMapping.PAD) {
        return false;
      }
    }
    return true;
  }

  private final Path path;
  private final FileChannel channel;
  private final WalMapping mapping;
  private long size;

  private WalFile(Path path, FileChannel channel, long size, WalMapping.Mode mode) {
    this.path = path;
    this.channel = channel;
    this.size = size;
    this.mapping = new WalMapping(channel, size, mode);
  }

  /**
   * Opens {@code file} for appending after {@code validEnd}, truncating anything after it (a torn
   * tail or padding found by {@link #scan}). Appends fill padding written ahead, in {@code mode}
   * ({@link WalMapping}).
   */
  static WalFile openForAppend(StoreBackend backend, Path file, long validEnd,
      WalMapping.Mode mode) throws IOException {
    FileChannel ch = backend.openWrite(file);
    try {
      if (ch.size() > validEnd) {
        ch.truncate(validEnd);
        ch.force(true);
      }
      return new WalFile(file, ch, validEnd, mode);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /** Creates a new empty WAL file (failing if it exists) and forces its directory entry. */
  static WalFile create(StoreBackend backend, Path file, Durability durability,
      WalMapping.Mode mode) throws IOException {
    return new WalFile(file, backend.create(file, durability), 0, mode);
  }

  Path path() {
    return path;
  }

  long size() {
    return size;
  }

  /**
   * Writes {@code bytes} at the end of the file (to the OS, not forced): through the memory map
   * when there is one, else with {@code write}. Either way the bytes are in the page cache when
   * this returns, visible to readers and safe from a crash of this process.
   */
  void append(byte[] bytes, int off, int len) throws IOException {
    if (!mapping.append(size, bytes, off, len)) {
      AtomicFiles.writeFully(channel, ByteBuffer.wrap(bytes, off, len), size);
      mapping.wroteThrough(size + len);
    }
    size += len;
  }

  /** Reads bytes {@code [from, to)} of the file. */
  byte[] read(long from, long to) throws IOException {
    byte[] out = new byte[Math.toIntExact(to - from)];
    AtomicFiles.readFully(channel, ByteBuffer.wrap(out), from, path);
    return out;
  }

  void force() throws IOException {
    mapping.force();
    channel.force(false);
  }

  /** Cuts the file back to {@code newSize} (dropping any padding) and forces it. */
  void truncate(long newSize) throws IOException {
    mapping.quiesce();
    channel.truncate(newSize);
    mapping.truncated(newSize);
    size = newSize; // the file is cut even if the force below fails
    channel.force(true);
  }

  /** Closes the file, first cutting a mapped writer's padding, so the file ends with its last line. */
  @Override
  public void close() throws IOException {
    try (channel) {
      mapping.quiesce();
      if (mapping.padded(size) && channel.isOpen()) {
        channel.truncate(size);
        mapping.truncated(size);
      }
    }
  }
}
