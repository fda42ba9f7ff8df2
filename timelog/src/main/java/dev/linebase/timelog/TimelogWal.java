package dev.linebase.timelog;

import dev.linebase.io.CorruptFileException;
import dev.linebase.jsonl.Codec;
import dev.linebase.log.LogReader;
import dev.linebase.log.SegmentedLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 * back into the engine in order. Not thread-safe (the writer's); the log itself is.
 */
final class TimelogWal implements WriteAheadLog {
  private static final byte[] DELETE_PREFIX = "{\"delete\":[".getBytes(StandardCharsets.US_ASCII);

  private final SegmentedLog log;
  private final Codec<Object> codec;

  TimelogWal(SegmentedLog log, Codec<Object> codec) {
    this.log = log;
    this.codec = codec;
  }

  SegmentedLog log() {
    return log;
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
    List<byte[]> lines = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      lines.add(recordLine(timestamps[i], codec.encode(values[i])));
    }
    long line = n == 1 ? log.append(lines.get(0)) : log.appendAll(lines);
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

  /** Feeds every line from {@code fromLine} to the end into {@code target}; returns lines read. */
  long replay(long fromLine, Replay target) throws IOException {
    long n = 0;
    try (LogReader r = log.reader(fromLine)) {
      while (r.next()) {
        byte[] b = r.bytes();
        long line = r.lineNumber();
        if (line != fromLine + n) {
          throw new CorruptFileException(log.dir(), CorruptFileException.UNKNOWN, line,
              "write-ahead log skips from line " + (fromLine + n) + " to " + line);
        }
        parse(b, line, target);
        n++;
      }
    }
    return n;
  }

  private void parse(byte[] b, long line, Replay target) throws IOException {
    if (b.length > 2 && b[0] == '[' && b[b.length - 1] == ']') {
      int comma = 1;
      while (comma < b.length && b[comma] != ',') {
        comma++;
      }
      long ts;
      try {
        ts = Long.parseLong(new String(b, 1, comma - 1, StandardCharsets.US_ASCII));
      } catch (NumberFormatException e) {
        throw corrupt(line, "bad timestamp in record line");
      }
      Object value;
      try {
        value = codec.decode(b, comma + 1, b.length - comma - 2);
      } catch (IOException | RuntimeException e) {
        throw corrupt(line, "value does not decode: " + e.getMessage());
      }
      target.record(ts, value);
      return;
    }
    if (startsWith(b, DELETE_PREFIX) && b.length > DELETE_PREFIX.length + 2) {
      String body = new String(b, DELETE_PREFIX.length, b.length - DELETE_PREFIX.length - 2,
          StandardCharsets.US_ASCII);
      int comma = body.indexOf(',');
      try {
        long lo = Long.parseLong(body.substring(0, comma));
        long hi = Long.parseLong(body.substring(comma + 1));
        if (lo > hi) {
          throw corrupt(line, "delete range [" + lo + ", " + hi + "] is empty");
        }
        target.delete(lo, hi);
        return;
      } catch (NumberFormatException | IndexOutOfBoundsException e) {
        throw corrupt(line, "bad delete line");
      }
    }
    throw corrupt(line, "not a timelog WAL line");
  }

  private static boolean startsWith(byte[] b, byte[] prefix) {
    if (b.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (b[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private CorruptFileException corrupt(long line, String problem) {
    return new CorruptFileException(log.dir(), CorruptFileException.UNKNOWN, line, problem);
  }

  @Override
  public void close() throws IOException {
    log.close();
  }
}
