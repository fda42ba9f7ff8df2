package dev.linebase.log;

import dev.linebase.index.SidecarMode;
import dev.linebase.jsonl.LineReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The {@link LogView} of a log whose writer is in another process (a read-only log) or may be
 * (a {@link WriterMode#SHARED} log): the file system is the truth. Segments are re-listed when a
 * reader reaches the end of what it knows; a segment with a successor is sealed (writers seal a
 * segment before creating the next), and the last segment is read up to its first incomplete line
 * or NUL byte. Readers waiting for lines poll every {@link LogReader#POLL_MILLIS} ms.
 *
 * <p>Thread-safe.
 */
final class DiscoveryView implements LogView, AutoCloseable {
  private final Path dir;
  private final int maxRecordBytes;
  private final SidecarMode sidecarMode;
  private LogFormat format;
  private volatile Segments segments = Segments.EMPTY;
  private volatile boolean closed;
  // Incremental count of the last segment's complete lines, for endLine().
  private Segment countedSegment;
  private long countedBytes;
  private long countedLines;

  DiscoveryView(Path dir, LogFormat format, int maxRecordBytes, SidecarMode sidecarMode) {
    this.dir = dir;
    this.sidecarMode = sidecarMode;
    this.format = format;
    this.maxRecordBytes = maxRecordBytes;
  }

  /** The format of the segments found (or given), JSONL for an empty directory. */
  synchronized LogFormat format() {
    return format == null ? LogFormat.JSONL : format;
  }

  @Override
  public Segments segments() {
    return segments;
  }

  @Override
  public synchronized Segments refresh() throws IOException {
    List<SegmentFiles.SegmentFile> files = SegmentFiles.list(dir, format);
    if (format == null && !files.isEmpty()) {
      format = files.get(0).format();
    }
    Segments old = segments;
    Map<Long, Segment> known = new HashMap<>();
    for (int i = 0; i < old.size(); i++) {
      known.put(old.get(i).base, old.get(i));
    }
    Segment[] now = new Segment[files.size()];
    int n = 0;
    for (int i = 0; i < files.size(); i++) {
      SegmentFiles.SegmentFile f = files.get(i);
      Segment s = known.remove(f.base());
      if (s == null) {
        s = new Segment(f.base(), f.path(), sidecarMode);
      }
      if (i < files.size() - 1 && !s.sealed()) {
        try {
          s.seal(Files.size(f.path()));
        } catch (NoSuchFileException e) {
          continue; // deleted by retention meanwhile
        }
      }
      now[n++] = s;
    }
    for (Segment gone : known.values()) {
      gone.close();
    }
    segments = new Segments(java.util.Arrays.copyOf(now, n));
    return segments;
  }

  @Override
  public long limit(Segment segment) {
    long sealed = segment.sealedBytes();
    return sealed >= 0 ? sealed : Long.MAX_VALUE;
  }

  @Override
  public long firstLine() {
    Segment first = segments.first();
    return first == null ? 0 : first.base;
  }

  /** The first line stored, from a fresh listing. */
  long freshFirstLine() throws IOException {
    Segment first = refresh().first();
    return first == null ? 0 : first.base;
  }

  /** One past the last complete line on disk, from a fresh listing and an incremental count. */
  synchronized long endLine() throws IOException {
    Segment last = refresh().last();
    if (last == null) {
      return 0;
    }
    if (countedSegment != last) {
      countedSegment = last;
      countedBytes = 0;
      countedLines = 0;
    }
    LineReader r = LineReader.over(last.path, last.channel(), countedBytes, countedLines,
        maxRecordBytes, Long.MAX_VALUE).stopAtNul();
    try {
      while (r.next() && r.complete()) {
        countedLines++;
        countedBytes = r.nextOffset();
      }
    } catch (LineReader.LineTooLongException e) {
      // a record being written; count up to it
    }
    return last.base + countedLines;
  }

  @Override
  public Object version() {
    return null;
  }

  @Override
  public void awaitChange(Object observed, long nanos) throws InterruptedException {
    TimeUnit.NANOSECONDS.sleep(nanos);
  }

  @Override
  public int maxRecordBytes() {
    return maxRecordBytes;
  }

  @Override
  public void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("log is closed: " + dir);
    }
  }

  @Override
  public synchronized void close() throws IOException {
    closed = true;
    Segments s = segments;
    for (int i = 0; i < s.size(); i++) {
      s.get(i).close();
    }
  }
}
