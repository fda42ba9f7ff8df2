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
 * <p>The writer is used by one thread at a time (the store's commit leader); it is not
 * thread-safe by itself.
 */
final class WalFile implements AutoCloseable {
  /** Line limit for WAL lines: a record limit plus room for prev and the envelope. */
  static final int MAX_LINE_BYTES = 2 * Records.DEFAULT_MAX_RECORD_BYTES + 4096;

  /** An op and where its line starts. */
  record Entry(OpLine op, long offset) {}

  /** What a scan found. */
  record Scan(List<Entry> entries, long validEnd, long fileSize) {
    long tornBytes() {
      return fileSize - validEnd;
    }
  }

  /** Scans {@code file} from {@code startOffset}; a missing file scans as empty. */
  static Scan scan(StoreBackend backend, Path file, long startOffset) throws IOException {
    List<Entry> entries = new ArrayList<>();
    long validEnd = startOffset;
    long size;
    FileChannel ch;
    try {
      ch = backend.openRead(file);
    } catch (NoSuchFileException e) {
      return new Scan(entries, startOffset, startOffset);
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
            break; // torn tail: unterminated last line
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
    return new Scan(entries, validEnd, size);
  }

  private final Path path;
  private final FileChannel channel;
  private long size;

  private WalFile(Path path, FileChannel channel, long size) {
    this.path = path;
    this.channel = channel;
    this.size = size;
  }

  /**
   * Opens {@code file} for appending after {@code validEnd}, truncating anything after it (a torn
   * tail found by {@link #scan}).
   */
  static WalFile openForAppend(StoreBackend backend, Path file, long validEnd) throws IOException {
    FileChannel ch = backend.openWrite(file);
    try {
      if (ch.size() > validEnd) {
        ch.truncate(validEnd);
        ch.force(true);
      }
      return new WalFile(file, ch, validEnd);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /** Creates a new empty WAL file (failing if it exists) and forces its directory entry. */
  static WalFile create(StoreBackend backend, Path file, Durability durability)
      throws IOException {
    return new WalFile(file, backend.create(file, durability), 0);
  }

  Path path() {
    return path;
  }

  long size() {
    return size;
  }

  /** Writes {@code bytes} at the end of the file (to the OS, not forced). */
  void append(byte[] bytes, int off, int len) throws IOException {
    AtomicFiles.writeFully(channel, ByteBuffer.wrap(bytes, off, len), size);
    size += len;
  }

  /** Reads bytes {@code [from, to)} of the file. */
  byte[] read(long from, long to) throws IOException {
    byte[] out = new byte[Math.toIntExact(to - from)];
    AtomicFiles.readFully(channel, ByteBuffer.wrap(out), from, path);
    return out;
  }

  void force() throws IOException {
    channel.force(false);
  }

  /** Cuts the file back to {@code newSize} and forces it. */
  void truncate(long newSize) throws IOException {
    channel.truncate(newSize);
    channel.force(true);
    size = newSize;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
