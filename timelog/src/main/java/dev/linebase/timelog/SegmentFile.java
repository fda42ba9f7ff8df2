package dev.linebase.timelog;

import dev.linebase.io.AtomicFiles;
import dev.linebase.io.CorruptFileException;
import dev.linebase.jsonl.Codec;
import dev.linebase.jsonl.LineReader;
import dev.linebase.jsonl.Records;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Reads and writes one immutable segment file. Format version 1, all integers big-endian:
 *
 * <pre>
 * Header (80 bytes)
 *   0  magic          8 bytes  "LBTLSEG1"
 *   8  version        int32    1
 *  12  level          int32    0 or 1
 *  16  id             int64    the segment id (also its file name)
 *  24  records        int32    n
 *  28  reserved       int32    0
 *  32  filteredBelow  int64    tombstones below this sequence number were applied
 *  40  minTs          int64    timestamp of the first record (0 when n = 0)
 *  48  maxTs          int64    timestamp of the last record (0 when n = 0)
 *  56  valuesBytes    int64    length of the values block
 *  64  tsCrc          int32    CRC32C of the timestamps block
 *  68  seqCrc         int32    CRC32C of the sequence block
 *  72  valuesCrc      int32    CRC32C of the values block
 *  76  headerCrc      int32    CRC32C of header bytes 0..75
 * Timestamps block    n x int64, non-decreasing
 * Sequence block      n x int64, record sequence numbers (WAL line numbers), increasing
 *                     among equal timestamps
 * Values block        n lines: the codec's bytes of record i, then '\n' (JSON Lines)
 * </pre>
 *
 * A segment is written to {@code <name>.tmp}, forced and renamed ({@link AtomicFiles}); it is
 * only live once the manifest names it. Any mismatch on read (magic, version, CRC, sizes, order,
 * a value the codec rejects) throws {@link CorruptFileException} with the path and the byte
 * offset. Stateless and thread-safe.
 */
final class SegmentFile {
  static final int VERSION = 1;
  static final int HEADER_BYTES = 80;
  private static final byte[] MAGIC = {'L', 'B', 'T', 'L', 'S', 'E', 'G', '1'};

  private SegmentFile() {}

  /** Writes {@code segment} to {@code file} atomically. */
  static void write(Path file, Segment segment, Codec<Object> codec) throws IOException {
    Run r = segment.run();
    int n = r.size;
    byte[][] encoded = new byte[n][];
    long valuesBytes = 0;
    CRC32C valuesCrc = new CRC32C();
    byte[] newline = {'\n'};
    ValueEncoder encoder = new ValueEncoder(codec);
    try {
      for (int i = 0; i < n; i++) {
        byte[] b = encoder.encode(r.values[i]);
        Records.check(b, 0, b.length, Records.DEFAULT_MAX_RECORD_BYTES);
        encoded[i] = b;
        valuesBytes += b.length + 1;
        valuesCrc.update(b);
        valuesCrc.update(newline);
      }
    } finally {
      encoder.release();
    }
    ByteBuffer tsBlock = ByteBuffer.allocate(n * 8);
    tsBlock.asLongBuffer().put(r.ts, 0, n);
    ByteBuffer seqBlock = ByteBuffer.allocate(n * 8);
    seqBlock.asLongBuffer().put(r.seq, 0, n);
    ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
    header.put(MAGIC).putInt(VERSION).putInt(segment.level()).putLong(segment.id()).putInt(n)
        .putInt(0).putLong(r.filteredBelow).putLong(n == 0 ? 0 : r.minTs())
        .putLong(n == 0 ? 0 : r.maxTs()).putLong(valuesBytes)
        .putInt(crc(tsBlock.array())).putInt(crc(seqBlock.array()))
        .putInt((int) valuesCrc.getValue());
    header.putInt(crc(header.array(), 0, HEADER_BYTES - 4));
    final long total = valuesBytes;
    AtomicFiles.write(file, out -> {
      DataOutputStream d = new DataOutputStream(new BufferedOutputStream(out, 1 << 16));
      d.write(header.array());
      d.write(tsBlock.array());
      d.write(seqBlock.array());
      for (byte[] b : encoded) {
        d.write(b);
        d.write('\n');
      }
      d.flush();
      if (d.size() != HEADER_BYTES + 16L * n + total) {
        throw new IOException("segment " + file + ": wrote " + d.size() + " bytes, expected "
            + (HEADER_BYTES + 16L * n + total));
      }
    });
  }

  /** Reads a segment file, verifying everything. */
  static Segment read(Path file, Codec<Object> codec) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < HEADER_BYTES) {
        throw new CorruptFileException(file, 0, CorruptFileException.UNKNOWN,
            "segment shorter than its " + HEADER_BYTES + "-byte header: " + size + " bytes");
      }
      ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES);
      AtomicFiles.readFully(ch, h, 0, file);
      byte[] hb = h.array();
      for (int i = 0; i < MAGIC.length; i++) {
        if (hb[i] != MAGIC[i]) {
          throw new CorruptFileException(file, i, CorruptFileException.UNKNOWN,
              "not a timelog segment (bad magic)");
        }
      }
      h.position(8);
      int version = h.getInt();
      int level = h.getInt();
      long id = h.getLong();
      int n = h.getInt();
      h.getInt();
      long filteredBelow = h.getLong();
      long minTs = h.getLong();
      long maxTs = h.getLong();
      long valuesBytes = h.getLong();
      int tsCrc = h.getInt();
      int seqCrc = h.getInt();
      int valuesCrc = h.getInt();
      int headerCrc = h.getInt();
      if (crc(hb, 0, HEADER_BYTES - 4) != headerCrc) {
        throw new CorruptFileException(file, 76, CorruptFileException.UNKNOWN,
            "header checksum mismatch");
      }
      if (version != VERSION) {
        throw new CorruptFileException(file, 8, CorruptFileException.UNKNOWN,
            "segment format version " + version + ", this library reads version " + VERSION);
      }
      if (n < 0 || (level != 0 && level != 1) || valuesBytes < n
          || size != HEADER_BYTES + 16L * n + valuesBytes) {
        throw new CorruptFileException(file, 12, CorruptFileException.UNKNOWN,
            "inconsistent header: level " + level + ", records " + n + ", valuesBytes "
                + valuesBytes + ", file size " + size);
      }
      ByteBuffer tsBlock = ByteBuffer.allocate(n * 8);
      AtomicFiles.readFully(ch, tsBlock, HEADER_BYTES, file);
      if (crc(tsBlock.array()) != tsCrc) {
        throw new CorruptFileException(file, HEADER_BYTES, CorruptFileException.UNKNOWN,
            "timestamps block checksum mismatch");
      }
      long seqOffset = HEADER_BYTES + 8L * n;
      ByteBuffer seqBlock = ByteBuffer.allocate(n * 8);
      AtomicFiles.readFully(ch, seqBlock, seqOffset, file);
      if (crc(seqBlock.array()) != seqCrc) {
        throw new CorruptFileException(file, seqOffset, CorruptFileException.UNKNOWN,
            "sequence block checksum mismatch");
      }
      long[] ts = new long[n];
      long[] seq = new long[n];
      tsBlock.flip();
      seqBlock.flip();
      tsBlock.asLongBuffer().get(ts);
      seqBlock.asLongBuffer().get(seq);
      for (int i = 1; i < n; i++) {
        if (!Runs.before(ts[i - 1], seq[i - 1], ts[i], seq[i])) {
          throw new CorruptFileException(file, HEADER_BYTES + 8L * i, CorruptFileException.UNKNOWN,
              "records " + (i - 1) + " and " + i + " out of (timestamp, sequence) order");
        }
      }
      if (n > 0 && (ts[0] != minTs || ts[n - 1] != maxTs)) {
        throw new CorruptFileException(file, 40, CorruptFileException.UNKNOWN,
            "header time range [" + minTs + ", " + maxTs + "] does not match the records");
      }
      Object[] values = readValues(file, ch, seqOffset + 8L * n, n, valuesCrc, codec);
      return new Segment(id, level, Run.of(ts, seq, values, n, filteredBelow));
    }
  }

  private static Object[] readValues(Path file, FileChannel ch, long offset, int n,
      int expectedCrc, Codec<Object> codec) throws IOException {
    Object[] values = new Object[n];
    CRC32C crc = new CRC32C();
    byte[] newline = {'\n'};
    try (LineReader lines =
        LineReader.over(file, ch, offset, 0, Records.DEFAULT_MAX_RECORD_BYTES, Long.MAX_VALUE)) {
      for (int i = 0; i < n; i++) {
        if (!lines.next() || !lines.complete()) {
          throw new CorruptFileException(file, lines.lineOffset(), i,
              "values block ends after " + i + " of " + n + " values");
        }
        crc.update(lines.buffer(), lines.contentOffset(), lines.contentLength());
        crc.update(newline);
        try {
          values[i] = codec.decode(lines.buffer(), lines.contentOffset(), lines.contentLength());
        } catch (IOException | RuntimeException e) {
          throw new CorruptFileException(file, lines.lineOffset(), i,
              "value " + i + " does not decode: " + e.getMessage(), e);
        }
      }
    }
    if ((int) crc.getValue() != expectedCrc) {
      throw new CorruptFileException(file, offset, CorruptFileException.UNKNOWN,
          "values block checksum mismatch");
    }
    return values;
  }

  private static int crc(byte[] b) {
    return crc(b, 0, b.length);
  }

  private static int crc(byte[] b, int off, int len) {
    CRC32C c = new CRC32C();
    c.update(b, off, len);
    return (int) c.getValue();
  }
}
