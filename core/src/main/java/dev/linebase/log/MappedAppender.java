package dev.linebase.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * The {@link WriterMode#EXCLUSIVE} write path: the active segment is written through a shared
 * memory mapping ({@code FileChannel.map(READ_WRITE)}), so an append is a memory copy into the
 * page cache with no system call. Bytes copied into the mapping are in the OS page cache the
 * moment the copy ends: they survive a crash of the process (what {@code NONE} promises) and are
 * visible to {@code read(2)} in other processes.
 *
 * <p>Mapping past the end of the file extends it, so the segment is preallocated in regions of
 * {@code stepBytes} (or one record's size if larger); the file's tail past {@link #size()} is NUL
 * bytes until written. {@link #seal()} and {@link #close()} truncate that tail; a writer killed
 * before that leaves it, and recovery cuts it ("NUL runs" in DESIGN.md). Readers in other
 * processes stop at the first NUL (see {@code LineReader.stopAtNul}).
 *
 * <p>A {@link PageToucher} takes the first-write page faults of the mapping on a background
 * thread just ahead of the writer.
 *
 * <p>{@link #force(long)} calls {@code MappedByteBuffer.force(index, length)} ({@code msync}) on
 * the unforced range of each region; since the file was extended when mapped, a force does not
 * also change the file length (no journal commit per fsync on most file systems).
 *
 * <p>{@link #sealInBackground()} forces a sealed segment on one daemon thread shared by the JVM,
 * as Kafka flushes a rolled segment in the background: under {@code NONE} a roll would otherwise
 * stop the writer while a whole segment (256 MiB by default) is written to the disk.
 *
 * <p>Regions are unmapped when the segment is sealed or closed ({@link SegmentMappings}), before
 * a sealed segment is forced, so that its write-back does not interrupt the writer.
 */
final class MappedAppender implements SegmentAppender {
  /** Forces sealed segments in the background, one at a time, in the order they were sealed. */
  private static final class Sealer {
    static final Executor EXECUTOR = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "linebase-seal");
      t.setDaemon(true);
      return t;
    });
  }

  private final Path path;
  private final FileChannel ch;
  private final long stepBytes;
  private final PageToucher toucher = new PageToucher();
  private final SegmentMappings mappings;
  private long touchAt = Long.MAX_VALUE;
  private volatile MappedRegion[] regions = new MappedRegion[0];
  private MappedRegion current;
  private long size;
  private long forced;
  private boolean closed;

  private MappedAppender(Path path, FileChannel ch, long size, long stepBytes) {
    this.path = path;
    this.ch = ch;
    this.mappings = new SegmentMappings(ch);
    this.size = size;
    this.forced = size;
    this.stepBytes = stepBytes;
  }

  /** Opens an existing segment whose complete lines end at {@code size} (its current length). */
  static MappedAppender open(Path path, long size, long stepBytes) throws IOException {
    FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
    return new MappedAppender(path, ch, size, stepBytes);
  }

  @Override
  public long size() {
    return size;
  }

  private MappedRegion room(long bytes) throws IOException {
    MappedRegion r = current;
    if (r == null || size + bytes > r.end()) {
      long length = Math.max(stepBytes, bytes);
      if (length > Integer.MAX_VALUE) {
        throw new IOException("record batch of " + bytes + " bytes is too large to map");
      }
      r = new MappedRegion(size, mappings.map(size, length));
      MappedRegion[] a = Arrays.copyOf(regions, regions.length + 1);
      a[a.length - 1] = r;
      regions = a;
      current = r;
      touchAt = toucher.request(r.buf(), r.start(), size);
    }
    return r;
  }

  @Override
  public void append(byte[] record) throws IOException {
    room(record.length + 1L).putLine(size, record);
    size += record.length + 1;
    if (size >= touchAt) {
      touchAhead();
    }
  }

  private void touchAhead() {
    touchAt = toucher.request(current.buf(), current.start(), size);
  }

  @Override
  public void append(List<byte[]> records, long totalBytes) throws IOException {
    room(totalBytes).putLines(size, records);
    size += totalBytes;
    if (size >= touchAt) {
      touchAhead();
    }
  }

  @Override
  public synchronized void force(long upTo) throws IOException {
    if (closed || upTo <= forced) {
      return;
    }
    force(regions, forced, upTo);
    forced = upTo;
  }

  /** Forces {@code [from, upTo)} of the file, which the regions {@code rs} map. */
  private static void force(MappedRegion[] rs, long from, long upTo) {
    for (MappedRegion r : rs) {
      long a = Math.max(from, r.start());
      long b = Math.min(upTo, r.end());
      if (a < b) {
        r.buf().force((int) (a - r.start()), (int) (b - a));
      }
    }
  }

  @Override
  public synchronized void seal() throws IOException {
    if (closed) {
      return;
    }
    force(size);
    finish();
    ch.force(true);
    ch.close();
  }

  @Override
  public synchronized CompletableFuture<Void> sealInBackground() throws IOException {
    if (closed) {
      return CompletableFuture.completedFuture(null);
    }
    try {
      finish();
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
    return CompletableFuture.runAsync(() -> {
      try (FileChannel c = ch) {
        c.force(true);
      } catch (IOException | UncheckedIOException e) {
        throw new CompletionException(
            new IOException("could not force sealed segment " + path + ": " + e.getMessage(), e));
      }
    }, Sealer.EXECUTOR);
  }

  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    try {
      finish();
    } finally {
      ch.close();
    }
  }

  /**
   * Stops the toucher, unmaps every region (nothing touches them again: appends, forces and the
   * toucher all end here) and cuts the preallocated tail.
   */
  private void finish() throws IOException {
    closed = true;
    toucher.stop(); // before the truncation: touching a truncated mapping raises SIGBUS
    regions = new MappedRegion[0];
    current = null;
    mappings.unmapAll();
    ch.truncate(size);
  }

  @Override
  public String toString() {
    return "mapped " + path.getFileName() + " @" + size;
  }
}
