package dev.linebase.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.linebase.io.CorruptFileException;
import dev.linebase.io.Durability;
import dev.linebase.jsonl.Json;
import dev.linebase.jsonl.LineReader;
import dev.linebase.jsonl.Records;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/**
 * A snapshot, {@code snapshots/snap-<ms>.jsonl}: every active record at one checkpoint. Format
 * version 1 (opslog 0.8.x), UTF-8, each line ending in {@code \n}:
 *
 * <pre>
 * line 0     {"version":N,"timestamp":"2026-11-23T16:13:04.448Z"}    N = schema version (&gt;= 1)
 * line 1..   {"id":"&lt;id&gt;","data":&lt;document&gt;}                       one per record, any order
 * </pre>
 *
 * An empty store's snapshot is the header line alone. Readers skip blank lines (as opslog does).
 * The legacy monolithic form {@code snap-<ms>.json}, one JSON object
 * {@code {"version":N,"timestamp":…,"records":{"<id>":<document>,…}}} (compact or pretty), is
 * recognised by a first line that is not JSON or that has a {@code records} key, and is readable.
 *
 * <p>Snapshots are immutable once written: written whole to a {@code .tmp} file, forced (unless
 * the store's durability is {@code NONE}) and renamed (the rename is the commit point, inside
 * {@link StoreBackend#replace}; on the file system, {@code AtomicFiles.write}). A damaged snapshot
 * is therefore corruption, not a torn tail: {@link CorruptFileException} with the line and
 * offset. Stateless and thread-safe.
 */
final class SnapshotFile {
  private static final byte[] ID = "{\"id\":".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DATA = ",\"data\":".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] END = {'}', '\n'};

  /**
   * An unsynchronized output buffer (a snapshot writes tens of millions of small pieces). Ids of
   * printable ASCII without {@code "} or {@code \\} are copied directly; others go through
   * Jackson's string quoting.
   */
  private static final class LineBuffer {
    private final OutputStream out;
    private final byte[] buf = new byte[1 << 16];
    private int n;

    LineBuffer(OutputStream out) {
      this.out = out;
    }

    void write(byte[] b) throws IOException {
      if (b.length > buf.length - n) {
        flushBuffer();
        if (b.length > buf.length) {
          out.write(b);
          return;
        }
      }
      System.arraycopy(b, 0, buf, n, b.length);
      n += b.length;
    }

    void writeJsonString(String s) throws IOException {
      int len = s.length();
      if (len + 2 > buf.length - n) {
        flushBuffer();
      }
      if (len + 2 <= buf.length) {
        int at = n;
        buf[at++] = '"';
        for (int i = 0; i < len; i++) {
          char c = s.charAt(i);
          if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
            write(JsonBytes.string(s));
            return;
          }
          buf[at++] = (byte) c;
        }
        buf[at++] = '"';
        n = at;
        return;
      }
      write(JsonBytes.string(s));
    }

    private void flushBuffer() throws IOException {
      if (n > 0) {
        out.write(buf, 0, n);
        n = 0;
      }
    }

    void flush() throws IOException {
      flushBuffer();
      out.flush();
    }
  }

  private SnapshotFile() {}

  /** Receives the records of a snapshot. */
  interface Sink {
    void record(String id, byte[] data) throws IOException;
  }

  /** Writes a snapshot of {@code records} (id to compact JSON bytes) atomically. */
  static void write(Path file, int version, String timestamp,
      Iterator<Map.Entry<String, byte[]>> records, Durability durability) throws IOException {
    write(FileSystemBackend.INSTANCE, file, version, timestamp, records, durability);
  }

  /** Writes a snapshot of {@code records} atomically through {@code backend}. */
  static void write(StoreBackend backend, Path file, int version, String timestamp,
      Iterator<Map.Entry<String, byte[]>> records, Durability durability) throws IOException {
    backend.replace(file, raw -> {
      LineBuffer out = new LineBuffer(raw);
      String header = "{\"version\":" + version + ",\"timestamp\":"
          + new String(JsonBytes.string(timestamp), StandardCharsets.UTF_8) + "}\n";
      out.write(header.getBytes(StandardCharsets.UTF_8));
      while (records.hasNext()) {
        Map.Entry<String, byte[]> e = records.next();
        out.write(ID);
        out.writeJsonString(e.getKey());
        out.write(DATA);
        out.write(e.getValue());
        out.write(END);
      }
      out.flush();
    }, durability);
  }

  /**
   * Reads every record of a snapshot into {@code sink} and returns its schema version.
   *
   * @throws java.nio.file.NoSuchFileException if the file is missing
   * @throws CorruptFileException if a line is not a valid header or record
   */
  static int read(Path file, Sink sink) throws IOException {
    return read(FileSystemBackend.INSTANCE, file, sink);
  }

  /** As {@link #read(Path, Sink)}, through {@code backend}. */
  static int read(StoreBackend backend, Path file, Sink sink) throws IOException {
    try (FileChannel ch = backend.openRead(file);
        LineReader r = LineReader.over(file, ch, 0, 0, Records.DEFAULT_MAX_RECORD_BYTES + 1024,
            Long.MAX_VALUE)) {
      if (!r.next()) {
        throw new CorruptFileException(file, 0, 0, "invalid snapshot: empty file");
      }
      JsonNode header;
      try {
        header = Json.mapper().readTree(r.buffer(), r.contentOffset(), r.contentLength());
      } catch (IOException e) {
        return readLegacy(backend, file, sink);
      }
      if (header == null || !header.isObject()) {
        throw new CorruptFileException(file, 0, 0, "invalid snapshot: header is not an object");
      }
      if (header.has("records")) {
        return readLegacy(backend, file, sink);
      }
      int version = version(file, header, 0);
      if (!header.path("timestamp").isTextual() || header.path("timestamp").textValue().isEmpty()) {
        throw new CorruptFileException(file, 0, 0,
            "invalid snapshot: timestamp must be a non-empty string");
      }
      while (r.next()) {
        if (isBlank(r.buffer(), r.contentOffset(), r.contentLength())) {
          continue;
        }
        JsonBytes.IdData rec;
        try {
          rec = JsonBytes.parseIdData(r.buffer(), r.contentOffset(), r.contentLength());
        } catch (IOException e) {
          rec = null;
        }
        if (rec == null) {
          throw new CorruptFileException(file, r.lineOffset(), r.lineNumber(),
              "invalid snapshot record: expected {\"id\":string,\"data\":value}"
                  + (r.complete() ? "" : " (unterminated last line)"));
        }
        sink.record(rec.id(), rec.data());
      }
      return version;
    }
  }

  private static int readLegacy(StoreBackend backend, Path file, Sink sink) throws IOException {
    JsonNode root;
    try {
      root = Json.mapper().readTree(backend.readAll(file));
    } catch (IOException e) {
      throw new CorruptFileException(file, CorruptFileException.UNKNOWN, CorruptFileException.UNKNOWN,
          "invalid snapshot: neither JSONL nor JSON: " + Manifest.firstLine(e.getMessage()), e);
    }
    if (root == null || !root.isObject()) {
      throw new CorruptFileException(file, 0, 0, "invalid snapshot: not an object");
    }
    int version = version(file, root, CorruptFileException.UNKNOWN);
    JsonNode records = root.get("records");
    if (records == null || !records.isObject()) {
      throw new CorruptFileException(file, CorruptFileException.UNKNOWN, CorruptFileException.UNKNOWN,
          "invalid snapshot: records must be an object");
    }
    Iterator<Map.Entry<String, JsonNode>> it = records.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      sink.record(e.getKey(), JsonBytes.write(e.getValue()));
    }
    return version;
  }

  private static int version(Path file, JsonNode header, long line) throws CorruptFileException {
    JsonNode v = header.get("version");
    if (v == null || !v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 1) {
      throw new CorruptFileException(file, line < 0 ? CorruptFileException.UNKNOWN : 0, line,
          "invalid snapshot: version must be a positive integer");
    }
    return v.intValue();
  }

  static boolean isBlank(byte[] b, int off, int len) {
    for (int i = off; i < off + len; i++) {
      if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r') {
        return false;
      }
    }
    return true;
  }
}
