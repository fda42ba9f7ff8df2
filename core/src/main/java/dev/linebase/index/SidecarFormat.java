package dev.linebase.index;

import dev.linebase.io.AtomicFiles;
import dev.linebase.io.CorruptFileException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Reads and writes the sidecar of a {@link LineIndex}: {@code <file name>.lbidx} beside the
 * indexed file unless configured otherwise. The sidecar is a cache. Whatever is wrong with it
 * (missing, truncated, bad checksum, unknown version, written for other bytes) the index is
 * rebuilt from the file; it never causes a failure or a wrong answer.
 *
 * <h2>Format, version 1</h2>
 *
 * All integers little-endian. {@code B} is the block count, {@code C} the checkpoint count.
 *
 * <pre>
 * offset      size  field
 * 0           4     magic "LBIX" (0x4C 0x42 0x49 0x58)
 * 4           4     format version, int32 = 1
 * 8           4     checkpointIntervalLines, int32 &gt; 0
 * 12          4     flags, int32: bit 0 = last line complete (ends with '\n' or the file is
 *                   empty); all other bits 0
 * 16          8     indexedBytes, int64: the file size the index covers
 * 24          8     modification time of the file when indexed, int64 nanoseconds since the
 *                   epoch
 * 32          4     fingerprint head: CRC32C of bytes [0, min(indexedBytes, 4096))
 * 36          4     fingerprint tail: CRC32C of bytes [max(0, indexedBytes - 4096), indexedBytes)
 * 40          8     totalLines, int64
 * 48          4     B, int32 &gt;= 0
 * 52          4     C, int32 &gt;= 0
 * 56          12*B  per block: firstLine int64, firstCheckpoint int32
 * 56+12B      8*C   checkpoint byte offsets, int64, strictly increasing
 * 56+12B+8C   4     CRC32C of every preceding byte
 * </pre>
 *
 * Block {@code b} covers lines {@code [firstLine[b], firstLine[b+1])} (the last one up to
 * totalLines); checkpoint {@code firstCheckpoint[b] + j} is the byte offset of line {@code
 * firstLine[b] + j * interval} (see {@link Checkpoints}). An empty file has {@code B = C = 0}.
 * With the default interval of 32 lines, a file of 100-byte lines gets 8 bytes of sidecar per 3.2
 * KB, 0.25 %.
 *
 * <p>A reader rejects a file whose length is not {@code 60 + 12B + 8C}, whose checksum, magic or
 * version differs, or whose tables break the invariants of {@link Checkpoints}; {@link LineIndex}
 * then also compares size, modification time and fingerprint with the file itself.
 *
 * <p>Stateless and thread-safe. Writes go through {@link AtomicFiles}, so a crash leaves the old
 * sidecar or the new one, never a torn one.
 */
final class SidecarFormat {
  static final int MAGIC = 0x5849424C; // "LBIX" read little-endian
  static final int VERSION = 1;
  static final int HEADER_BYTES = 56;
  static final int BLOCK_BYTES = 12;
  static final int FLAG_LAST_LINE_COMPLETE = 1;

  private SidecarFormat() {}

  /** What a sidecar records. */
  record Contents(long mtimeNanos, Fingerprint fingerprint, boolean lastLineComplete,
      Checkpoints checkpoints) {}

  /** Writes {@code contents} to {@code sidecar} by atomic replace. */
  static void write(Path sidecar, Contents contents) throws IOException {
    AtomicFiles.write(sidecar, encode(contents));
  }

  static byte[] encode(Contents contents) {
    Checkpoints cps = contents.checkpoints();
    int blocks = cps.blockCount();
    int count = cps.checkpointCount();
    long length = HEADER_BYTES + (long) BLOCK_BYTES * blocks + 8L * count + 4;
    if (length > Integer.MAX_VALUE - 16) {
      throw new IllegalStateException("sidecar too large: " + length + " bytes");
    }
    ByteBuffer buf = ByteBuffer.allocate((int) length).order(ByteOrder.LITTLE_ENDIAN);
    buf.putInt(MAGIC)
        .putInt(VERSION)
        .putInt(cps.interval())
        .putInt(contents.lastLineComplete() ? FLAG_LAST_LINE_COMPLETE : 0)
        .putLong(contents.fingerprint().length())
        .putLong(contents.mtimeNanos())
        .putInt(contents.fingerprint().headCrc())
        .putInt(contents.fingerprint().tailCrc())
        .putLong(cps.totalLines())
        .putInt(blocks)
        .putInt(count);
    for (int b = 0; b < blocks; b++) {
      buf.putLong(cps.blockFirstLine(b)).putInt(cps.blockFirstCheckpoint(b));
    }
    buf.asLongBuffer().put(cps.offsetsArray(), 0, count);
    buf.position(buf.position() + 8 * count);
    CRC32C crc = new CRC32C();
    crc.update(buf.array(), 0, buf.position());
    buf.putInt((int) crc.getValue());
    return buf.array();
  }

  /**
   * Reads and checks a sidecar.
   *
   * @throws java.nio.file.NoSuchFileException if there is none
   * @throws CorruptFileException if it is damaged, of another version or inconsistent
   */
  static Contents read(Path sidecar) throws IOException {
    return decode(sidecar, Files.readAllBytes(sidecar));
  }

  static Contents decode(Path sidecar, byte[] bytes) throws CorruptFileException {
    if (bytes.length < HEADER_BYTES + 4) {
      throw corrupt(sidecar, bytes.length, "shorter than the header: " + bytes.length + " bytes");
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (buf.getInt(0) != MAGIC) {
      throw corrupt(sidecar, 0, "not a Linebase line index (bad magic)");
    }
    int version = buf.getInt(4);
    if (version != VERSION) {
      throw corrupt(sidecar, 4, "format version " + version + " is not supported (this reads "
          + VERSION + ")");
    }
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, bytes.length - 4);
    if ((int) crc.getValue() != buf.getInt(bytes.length - 4)) {
      throw corrupt(sidecar, bytes.length - 4, "checksum mismatch");
    }
    int interval = buf.getInt(8);
    int flags = buf.getInt(12);
    long indexedBytes = buf.getLong(16);
    long mtimeNanos = buf.getLong(24);
    int headCrc = buf.getInt(32);
    int tailCrc = buf.getInt(36);
    long totalLines = buf.getLong(40);
    int blocks = buf.getInt(48);
    int count = buf.getInt(52);
    if (interval <= 0 || (flags & ~FLAG_LAST_LINE_COMPLETE) != 0 || indexedBytes < 0
        || totalLines < 0 || blocks < 0 || count < 0) {
      throw corrupt(sidecar, 8, "invalid header field");
    }
    long expected = HEADER_BYTES + (long) BLOCK_BYTES * blocks + 8L * count + 4;
    if (expected != bytes.length) {
      throw corrupt(sidecar, bytes.length, "length " + bytes.length + " does not match "
          + blocks + " blocks and " + count + " checkpoints (" + expected + " bytes)");
    }
    long[] firstLine = new long[blocks];
    int[] firstCp = new int[blocks];
    int pos = HEADER_BYTES;
    for (int b = 0; b < blocks; b++) {
      firstLine[b] = buf.getLong(pos);
      firstCp[b] = buf.getInt(pos + 8);
      pos += BLOCK_BYTES;
    }
    long[] offsets = new long[count];
    buf.position(pos);
    buf.asLongBuffer().get(offsets);
    Checkpoints cps = new Checkpoints(interval, totalLines, firstLine, firstCp, offsets, count);
    String problem = cps.problem(indexedBytes);
    if (problem != null) {
      throw corrupt(sidecar, HEADER_BYTES, "inconsistent tables: " + problem);
    }
    return new Contents(mtimeNanos, new Fingerprint(indexedBytes, headCrc, tailCrc),
        (flags & FLAG_LAST_LINE_COMPLETE) != 0, cps);
  }

  private static CorruptFileException corrupt(Path sidecar, long offset, String problem) {
    return new CorruptFileException(sidecar, offset, CorruptFileException.UNKNOWN, problem);
  }
}
