package dev.linebase.log;

import dev.linebase.index.LineIndex;
import dev.linebase.index.LineIndexOptions;
import dev.linebase.index.SidecarMode;
import dev.linebase.io.AtomicFiles;
import dev.linebase.jsonl.Json;
import dev.linebase.jsonl.LineReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Recovery of a log's active (last) segment, and the cheaper torn-tail cut a {@link
 * WriterMode#SHARED} writer applies under the lock before each batch.
 *
 * <p>Full recovery scans the segment from the last trusted point and keeps the longest prefix of
 * lines that are each
 *
 * <ul>
 *   <li>terminated by {@code \n},
 *   <li>free of NUL bytes (a memory-mapped writer that died leaves its preallocated region as a
 *       NUL run; a power loss can leave never-written blocks as NULs),
 *   <li>no longer than {@code maxRecordBytes}, and
 *   <li>in a {@link LogFormat#JSONL} log, exactly one JSON value.
 * </ul>
 *
 * Everything from the first line that fails is cut (truncated away) and the file forced: a torn
 * write is only ever at the end, and a line after a damaged one cannot be trusted to be a record
 * boundary. The cost is one sequential read of the active segment (at most {@code segmentBytes}),
 * plus a JSON parse of each line in a JSONL log, from the trusted point on. The trusted point is
 * the whole segment when a clean close left a fresh {@code .lbidx} sidecar for exactly its bytes
 * ({@link #trustedPrefix}), else its start: a writer that crashed never wrote one.
 */
final class Recovery {
  private Recovery() {}

  /** The outcome: the valid length, the line count, the active checkpoints and the report. */
  record Result(long validBytes, long lines, Checkpoints checkpoints, RecoveryReport report) {}

  /** A prefix of the active segment known to be complete, valid lines (from a clean close). */
  record Trusted(long bytes, long lines, Checkpoints checkpoints) {
    /**
     * Nothing trusted: scan from the start. A new instance each time, because {@link #recover}
     * records into these checkpoints and the writer keeps extending them as the active segment's
     * index; a shared instance would carry one log's offsets into the next log opened in the same
     * JVM (and {@link Checkpoints#record} never overwrites an entry), so readers would start at
     * wrong offsets.
     */
    static Trusted none() {
      return new Trusted(0, 0, new Checkpoints());
    }
  }

  /** Active segments at least this large get a sidecar at a clean close. */
  static final long TRUSTED_SIDECAR_MIN_BYTES = 4L << 20;

  /**
   * The trusted prefix of an active segment: all of it when its {@code .lbidx} sidecar, written
   * at the last clean close, is fresh for exactly these bytes (same size, mtime and fingerprint);
   * else nothing. The sidecar is then deleted: the writer is about to append, which makes it
   * stale, and a crash must not leave a sidecar that looks fresh.
   */
  static Trusted trustedPrefix(Path path, long size) throws IOException {
    Path sidecar = SegmentFiles.indexPath(path);
    if (!Files.exists(sidecar)) {
      return Trusted.none();
    }
    Trusted trusted = Trusted.none();
    try (LineIndex index = LineIndex.open(path,
        LineIndexOptions.defaults().withSidecarMode(SidecarMode.READ_ONLY))) {
      if (index.openedFresh() && index.fileSize() == size && index.lastLineComplete()) {
        Checkpoints cps = new Checkpoints();
        for (long n = 0; n < index.totalLines(); n += Checkpoints.INTERVAL) {
          cps.record(n, index.span(n).offset());
        }
        trusted = new Trusted(size, index.totalLines(), cps);
      }
    } catch (IOException e) {
      trusted = Trusted.none(); // a cache: any problem means scan
    }
    Files.deleteIfExists(sidecar);
    return trusted;
  }

  /** After a clean close: writes the active segment's sidecar so the next open can trust it. */
  static void saveTrustedPrefix(Path path, long size) throws IOException {
    if (size < TRUSTED_SIDECAR_MIN_BYTES) {
      return;
    }
    try (LineIndex index = LineIndex.open(path,
        LineIndexOptions.defaults().withSidecarMode(SidecarMode.MANUAL_SAVE))) {
      index.save();
    }
  }

  static Result recover(Path path, FileChannel ch, LogFormat format, int maxRecordBytes,
      Trusted trusted) throws IOException {
    long size = ch.size();
    Checkpoints cps = trusted.checkpoints();
    long lines = trusted.lines();
    long validEnd = trusted.bytes();
    String reason = null;
    LineReader r = LineReader.over(path, ch, validEnd, lines, maxRecordBytes, size).stopAtNul();
    try {
      while (r.next()) {
        if (!r.complete()) {
          reason = r.nextOffset() < size && nulAt(ch, r.nextOffset()) ? "NUL bytes" : "partial line";
          break;
        }
        if (format == LogFormat.JSONL) {
          String problem = Json.problem(r.buffer(), r.contentOffset(), r.contentLength());
          if (problem != null) {
            reason = "line " + lines + " of the segment: " + problem;
            break;
          }
        }
        cps.record(lines, r.lineOffset());
        lines++;
        validEnd = r.nextOffset();
      }
    } catch (LineReader.LineTooLongException e) {
      reason = "line " + lines + " of the segment is longer than maxRecordBytes " + maxRecordBytes;
    }
    if (validEnd == size) {
      return new Result(size, lines, cps, RecoveryReport.clean(path, size, lines));
    }
    long zeros = trailingZeros(ch, validEnd, size);
    ch.truncate(validEnd);
    ch.force(true);
    RecoveryReport report =
        new RecoveryReport(path, validEnd, size - validEnd, zeros, lines,
            reason == null ? "partial line" : reason);
    return new Result(validEnd, lines, cps, report);
  }

  /**
   * Cuts an incomplete last line (no {@code \n} at the end, which includes a NUL run) from a
   * segment written with plain writes, returning the new size. Used under the append lock by
   * {@link WriterMode#SHARED} writers: the lock's previous holder died mid-write.
   */
  static long cutTornTail(FileChannel ch) throws IOException {
    long size = ch.size();
    if (size == 0 || byteAt(ch, size - 1) == '\n') {
      return size;
    }
    long end = lastNewlineEnd(ch, size);
    ch.truncate(end);
    ch.force(true);
    return end;
  }

  /** The offset just past the last {@code \n} before {@code size}, or 0. */
  static long lastNewlineEnd(FileChannel ch, long size) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
    long pos = size;
    while (pos > 0) {
      int n = (int) Math.min(buf.capacity(), pos);
      buf.clear().limit(n);
      long from = pos - n;
      readFully(ch, buf, from);
      for (int i = n - 1; i >= 0; i--) {
        if (buf.get(i) == '\n') {
          return from + i + 1;
        }
      }
      pos = from;
    }
    return 0;
  }

  private static long trailingZeros(FileChannel ch, long from, long size) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
    long pos = size;
    while (pos > from) {
      int n = (int) Math.min(buf.capacity(), pos - from);
      buf.clear().limit(n);
      readFully(ch, buf, pos - n);
      for (int i = n - 1; i >= 0; i--) {
        if (buf.get(i) != 0) {
          return size - (pos - n + i + 1);
        }
      }
      pos -= n;
    }
    return size - from;
  }

  private static boolean nulAt(FileChannel ch, long offset) throws IOException {
    return byteAt(ch, offset) == 0;
  }

  private static int byteAt(FileChannel ch, long offset) throws IOException {
    ByteBuffer one = ByteBuffer.allocate(1);
    readFully(ch, one, offset);
    return one.get(0);
  }

  private static void readFully(FileChannel ch, ByteBuffer dst, long position)
      throws IOException {
    AtomicFiles.readFully(ch, dst, position, Path.of("segment"));
  }
}
