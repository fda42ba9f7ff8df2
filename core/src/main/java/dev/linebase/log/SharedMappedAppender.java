package dev.linebase.log;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@link WriterMode#SHARED} write path under {@code NONE}: while the writer holds {@code
 * append.lock}, an append is a copy into a shared mapping of the segment (in the page cache, so
 * in the OS, when the copy ends), not a {@code write(2)}. On the development VM a positional
 * write of a short line costs about 1.6 µs, which bounds a writer with one system call per put
 * to about 0.6 M puts/s; see {@code bench/results/queue.md}.
 *
 * <p>The invariant the other processes rely on is kept: <em>while {@code append.lock} is free,
 * the file holds complete lines only</em> (except the torn tail of a holder that was killed,
 * which the next holder cuts). A mapping can only be written where the file exists, so the file
 * is extended a little ({@link #EXTEND_BYTES}) past the bytes being copied, with NUL bytes (a
 * sparse {@code ftruncate}), and only under the lock, by {@link #room} before a copy that needs
 * it. {@link #release()}, called before the lock is let go, cuts the file back to the end of the
 * last line. While the lock is held, readers in other processes
 * see the NUL run and stop at its first byte, as they do with an {@link WriterMode#EXCLUSIVE}
 * writer's preallocated tail; a holder killed meanwhile leaves lines, perhaps a partial line, then
 * NULs, all of which the next holder cuts after the last {@code \n} ({@code
 * Recovery.cutTornTail}).
 *
 * <p>Unlike {@link MappedAppender} there is no page toucher: what it touched ahead would be cut at
 * every release, about once a millisecond. The writer takes the first-write fault of each fresh
 * 4 KiB page itself.
 *
 * <p>Thread safety: appends, {@link #size(long)}, {@link #release()} and {@link #seal()} run under
 * the shared writer's lock; {@link #force(long)} and {@link #close()} are synchronized too.
 */
final class SharedMappedAppender implements SharedAppender {
  /**
   * How far past the bytes being written the file is extended. Small on purpose: a write fault
   * on a page of a hole reads ahead (zero-fills) the following pages up to the end of the file,
   * and every release cuts them again, so extending to the end of a 64 MiB region cost more than
   * the appends themselves (measured with perf: page-cache reads and truncation at ~40% of a
   * put).
   */
  static final long EXTEND_BYTES = 32 << 10;

  private final Path path;
  private final RandomAccessFile file;
  private final FileChannel ch;
  private final long stepBytes;
  private final SegmentMappings mappings;
  private MappedRegion current;
  private long size;
  /** Whether the file may now extend past {@link #size} (only between room() and release()). */
  private boolean extended;
  /** The file's length while extended: bytes below it may be written through the mapping. */
  private long fileEnd;
  private boolean closed;

  private SharedMappedAppender(Path path, RandomAccessFile file, long size, long stepBytes) {
    this.path = path;
    this.file = file;
    this.ch = file.getChannel();
    this.mappings = new SegmentMappings(ch);
    this.size = size;
    this.stepBytes = stepBytes;
  }

  /** Opens {@code path}, whose complete lines end at {@code size} (call under the lock). */
  static SharedMappedAppender open(Path path, long size, long stepBytes) throws IOException {
    return new SharedMappedAppender(path, new RandomAccessFile(path.toFile(), "rw"), size,
        stepBytes);
  }

  @Override
  public Path path() {
    return path;
  }

  @Override
  public FileChannel channel() {
    return ch;
  }

  @Override
  public synchronized void size(long realSize) {
    if (extended) {
      // Never happens: the writer releases before the lock goes, and re-learns after it took it.
      throw new IllegalStateException("size re-learned while " + path + " is extended");
    }
    size = realSize;
  }

  @Override
  public long size() {
    return size;
  }

  /** The mapping to copy {@code bytes} into at {@link #size}, the file extended over them. */
  private MappedRegion room(long bytes) throws IOException {
    MappedRegion r = current;
    if (r == null || size < r.start() || size + bytes > r.end()) {
      long length = Math.max(stepBytes, bytes);
      if (length > Integer.MAX_VALUE) {
        throw new IOException("record batch of " + bytes + " bytes is too large to map");
      }
      extended = true; // map() extends the file to the region's end before it maps it
      fileEnd = Long.MAX_VALUE;
      // The region replaced, if any, stays mapped until the segment is sealed or closed.
      r = new MappedRegion(size, mappings.map(size, length));
      current = r;
      extendTo(size + bytes); // back from the region's end to a little past the write
    } else if (!extended || size + bytes > fileEnd) {
      extended = true;
      extendTo(size + bytes);
    }
    return r;
  }

  /** Sets the file's length to a little past {@code end}, within the current region. */
  private void extendTo(long end) throws IOException {
    long to = Math.min(current.end(), end + EXTEND_BYTES);
    file.setLength(to); // sparse: NUL bytes, no data blocks
    fileEnd = to;
  }

  @Override
  public void append(byte[] record) throws IOException {
    room(record.length + 1L).putLine(size, record);
    size += record.length + 1;
  }

  @Override
  public void append(List<byte[]> records, long totalBytes) throws IOException {
    room(totalBytes).putLines(size, records);
    size += totalBytes;
  }

  /**
   * Cuts the file back to {@link #size}. If an interrupt closed the channel, the NUL run stays,
   * like the tail of a killed holder: the next holder (this writer too, which re-lists the
   * segments when it finds its channel closed) cuts it after the last line.
   */
  @Override
  public synchronized void release() throws IOException {
    if (extended && !closed && ch.isOpen()) {
      ch.truncate(size);
    }
    extended = false;
  }

  /**
   * {@code fdatasync} of the whole file: it writes back the pages dirtied through the mapping
   * too, and covers lines other processes wrote.
   */
  @Override
  public synchronized void force(long upTo) throws IOException {
    if (!closed) {
      ch.force(false);
    }
  }

  @Override
  public synchronized void seal() throws IOException {
    if (closed) {
      return;
    }
    try {
      release();
      current = null;
      mappings.unmapAll(); // before the force: see SegmentMappings
      ch.force(true);
    } finally {
      finish();
    }
  }

  /**
   * Closes without forcing. The file is cut back only if this appender extended it: an appender
   * whose writer let the lock go must not cut, because other processes may have appended since.
   */
  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    try {
      release();
    } finally {
      finish();
    }
  }

  private void finish() throws IOException {
    closed = true;
    current = null;
    try {
      mappings.unmapAll();
    } finally {
      file.close();
    }
  }

  @Override
  public String toString() {
    return "shared mapped " + path.getFileName() + " @" + size;
  }
}
