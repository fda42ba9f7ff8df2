package dev.linebase.timelog;

import dev.linebase.io.CorruptFileException;
import dev.linebase.jsonl.Codec;
import dev.linebase.jsonl.Json;
import dev.linebase.jsonl.LineReader;
import dev.linebase.jsonl.Records;
import dev.linebase.log.LogFormat;
import dev.linebase.log.SegmentFiles;
import dev.linebase.log.SegmentedLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The write-ahead log of a durable timelog, on a JSONL {@link SegmentedLog}: every record and
 * every delete is one line, and the line number is its sequence number. Lines (format version 1):
 *
 * <pre>
 * [ts,VALUE]            a record: decimal timestamp, then the codec's JSON for the value
 * {"delete":[lo,hi]}    a delete of the inclusive range [lo, hi]
 * </pre>
 *
 * The codec must therefore produce one JSON value ({@link Codec#json}, {@link Codec#tree}); a
 * value that is not JSON is rejected before anything is written. {@link #replay} feeds lines
 * back into the engine in order, reading the log's segment files directly. Not thread-safe (the
 * writer's); the log itself is.
 */
final class TimelogWal implements WriteAheadLog {
  private static final byte[] DELETE_PREFIX = "{\"delete\":[".getBytes(StandardCharsets.US_ASCII);
  /** {@code endLine} of a replay to the end of what the files hold. */
  private static final long OPEN_END = Long.MAX_VALUE;

  private final SegmentedLog log;
  private final Codec<Object> codec;
  private final ValueEncoder encoder;

  TimelogWal(SegmentedLog log, Codec<Object> codec) {
    this.log = log;
    this.codec = codec;
    this.encoder = new ValueEncoder(codec);
  }

  static byte[] recordLine(long ts, byte[] value) {
    byte[] t = Long.toString(ts).getBytes(StandardCharsets.US_ASCII);
    byte[] line = new byte[t.length + value.length + 3];
    line[0] = '[';
    System.arraycopy(t, 0, line, 1, t.length);
    line[t.length + 1] = ',';
    System.arraycopy(value, 0, line, t.length + 2, value.length);
    line[line.length - 1] = ']';
    return line;
  }

  @Override
  public void logRecords(long[] timestamps, Object[] values, int n, long firstLine)
      throws IOException {
    if (n == 1) {
      check(log.append(encoder.recordLine(timestamps[0], values[0])), firstLine);
      return;
    }
    List<byte[]> lines = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      lines.add(encoder.recordLine(timestamps[i], values[i]));
    }
    long line = log.appendAll(lines);
    check(line, firstLine);
  }

  @Override
  public void logDelete(long lo, long hi, long line) throws IOException {
    String text = "{\"delete\":[" + lo + "," + hi + "]}";
    check(log.append(text.getBytes(StandardCharsets.US_ASCII)), line);
  }

  private static void check(long actual, long expected) {
    if (actual != expected) {
      throw new IllegalStateException(
          "write-ahead log line " + actual + " != sequence number " + expected);
    }
  }

  /** Target of a replay. */
  interface Replay {
    void record(long ts, Object value);

    void delete(long lo, long hi);
  }

  /**
   * Feeds lines {@code [fromLine, endLine)} into {@code target}, in order. The segment files are
   * read directly with {@link LineReader} from the start of the segment holding
   * {@code fromLine} (a full scan, so line numbers never depend on the log's sparse
   * checkpoints); the log's own recovery already cut any torn tail.
   */
  void replay(long fromLine, long endLine, Replay target) throws IOException {
    replay(log.dir(), log.config().maxRecordBytes(), codec, fromLine, endLine, target);
  }

  /**
   * Read-only replay of a log another process may be appending to: feeds every complete line
   * from {@code fromLine} to the end of what the files hold now and returns the line after the
   * last one fed. In the last segment the data ends where the writer's recovery would cut it: at
   * a partial line, at the NUL bytes a writer preallocates, or at a line that is not JSON. Opens no
   * log, takes no lock, writes nothing.
   *
   * @throws java.nio.file.NoSuchFileException if a segment file disappeared (retention ran)
   * @throws CorruptFileException if the log does not reach {@code fromLine} or a line is damaged
   */
  static long replayAvailable(Path walDir, Codec<Object> codec, long fromLine, Replay target)
      throws IOException {
    return replay(walDir, Records.DEFAULT_MAX_RECORD_BYTES, codec, fromLine, OPEN_END, target);
  }

  private static long replay(Path dir, int maxRecordBytes, Codec<Object> codec, long fromLine,
      long endLine, Replay target) throws IOException {
    List<SegmentFiles.SegmentFile> segments = SegmentFiles.list(dir, LogFormat.JSONL);
    long line = fromLine;
    for (int i = 0; i < segments.size() && line < endLine; i++) {
      SegmentFiles.SegmentFile s = segments.get(i);
      long nextBase = i + 1 < segments.size() ? segments.get(i + 1).base() : Long.MAX_VALUE;
      if (nextBase <= line) {
        continue;
      }
      if (s.base() > line) {
        throw corrupt(dir, line, "write-ahead log has no segment holding line " + line);
      }
      try (LineReader r = LineReader.open(s.path(), maxRecordBytes).stopAtNul()) {
        long n = s.base();
        boolean lastSegment = i == segments.size() - 1;
        while (n < endLine && n < nextBase && r.next() && r.complete()) {
          if (endLine == OPEN_END && lastSegment
              && Json.problem(r.buffer(), r.contentOffset(), r.contentLength()) != null) {
            // A torn tail the writer's recovery would cut: the end of the data, not damage.
            break;
          }
          if (n >= line) {
            parse(dir, codec, r.buffer(), r.contentOffset(), r.contentLength(), n, target);
            line = n + 1;
          }
          n++;
        }
        if (endLine == OPEN_END && lastSegment && n < line) {
          throw corrupt(dir, line, "write-ahead log ends at line " + n + ", expected at least "
              + line);
        }
        if (n == endLine && lastSegment && r.next() && r.complete()) {
          // Never drop acknowledged lines silently: the log's end and its file disagree.
          throw corrupt(dir, endLine, "complete line " + endLine + " found in " + s.path()
              + " beyond the log's end line " + endLine);
        }
      }
    }
    if (endLine == OPEN_END) {
      if (segments.isEmpty() && fromLine > 0) {
        throw corrupt(dir, fromLine, "write-ahead log is empty but replay must start at line "
            + fromLine);
      }
      return line;
    }
    if (line != endLine) {
      throw corrupt(dir, line, "write-ahead log ends at line " + line + ", expected " + endLine);
    }
    return line;
  }

  private static void parse(Path dir, Codec<Object> codec, byte[] b, int off, int len, long line,
      Replay target) throws IOException {
    int end = off + len;
    if (len > 2 && b[off] == '[' && b[end - 1] == ']') {
      int comma = off + 1;
      while (comma < end && b[comma] != ',') {
        comma++;
      }
      long ts;
      try {
        ts = Long.parseLong(new String(b, off + 1, comma - off - 1, StandardCharsets.US_ASCII));
      } catch (NumberFormatException | IndexOutOfBoundsException e) {
        throw corrupt(dir, line, "bad timestamp in record line");
      }
      Object value;
      try {
        value = codec.decode(b, comma + 1, end - comma - 2);
      } catch (IOException | RuntimeException e) {
        throw corrupt(dir, line, "value does not decode: " + e.getMessage());
      }
      target.record(ts, value);
      return;
    }
    if (startsWith(b, off, len, DELETE_PREFIX) && len > DELETE_PREFIX.length + 2) {
      String body = new String(b, off + DELETE_PREFIX.length, len - DELETE_PREFIX.length - 2,
          StandardCharsets.US_ASCII);
      int comma = body.indexOf(',');
      try {
        long lo = Long.parseLong(body.substring(0, comma));
        long hi = Long.parseLong(body.substring(comma + 1));
        if (lo > hi) {
          throw corrupt(dir, line, "delete range [" + lo + ", " + hi + "] is empty");
        }
        target.delete(lo, hi);
        return;
      } catch (NumberFormatException | IndexOutOfBoundsException e) {
        throw corrupt(dir, line, "bad delete line");
      }
    }
    throw corrupt(dir, line, "not a timelog WAL line");
  }

  private static boolean startsWith(byte[] b, int off, int len, byte[] prefix) {
    if (len < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (b[off + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static CorruptFileException corrupt(Path dir, long line, String problem) {
    return new CorruptFileException(dir, CorruptFileException.UNKNOWN, line, problem);
  }

  @Override
  public void close() throws IOException {
    encoder.release();
    log.close();
  }
}
