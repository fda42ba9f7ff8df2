package dev.linebase.queue;

import dev.linebase.io.AtomicFiles;
import dev.linebase.io.CorruptFileException;
import dev.linebase.io.Durability;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The position file of one consumer group of a file queue ({@code groups/<group>.group}): a
 * header and one slot per consumer that claims messages. The group's cursor (the next position no
 * consumer has claimed) is the largest {@code to} of all slots, so a claim is one slot write.
 *
 * <h2>Format, version 2 (all integers big-endian)</h2>
 *
 * <pre>
 * Header (64 bytes, offset 0), written once when the group is created (atomic replace):
 *   0   8  magic "LBQGROUP"
 *   8   4  version = 2 (1 is read too, see below)
 *   12  4  slotBytes = 128
 *   16  44 zero
 *   60  4  CRC32C of bytes 0..59
 * Slot i (128 bytes at offset 64 + 128 * i): two copies, A at +0 and B at +64.
 * Copy (64 bytes):
 *   0   8  seq        write sequence number; odd seq is written to copy A, even to copy B
 *   8   8  from       see {@link SlotState}
 *   16  8  delivered
 *   24  8  to
 *   32  8  ackBits
 *   40  8  leaseDeadlineMillis  (version 2; epoch millis, 0 = no lease recorded)
 *   48  12 zero
 *   60  4  CRC32C of bytes 0..59
 * </pre>
 *
 * Version 1 is version 2 without the lease deadline: its bytes 40..59 are zero, which reads as
 * "no lease recorded", so a version 1 file is read (and written) as it is and keeps its header.
 * A version 1 library refuses a version 2 file.
 *
 * A slot's state is its valid copy with the higher {@code seq}. Writes alternate copies (ping-pong)
 * with one positional write each, so a write torn by a crash or power loss leaves the other copy
 * valid; a copy of 64 zero bytes was never written. A slot whose two copies are both damaged, or a
 * damaged header, is reported as {@link CorruptFileException} with the path and byte offset: the
 * group never silently restarts from the beginning.
 *
 * <p>Writers: slot {@code i} is written by the holder of its slot lock; a slot is appended (the
 * file grows) and claims are written only under the group lock. A slot with a lease deadline is
 * written, by its owner or by a consumer taking its expired leases over, only under the group
 * lock (see {@link GroupConsumer}). Readers need no lock: a copy
 * being written concurrently fails its checksum and the other copy is used; a read that finds both
 * copies invalid is retried before it is reported.
 *
 * <p>This class is thread-safe for reads; writes of one slot must be serialized by its owner.
 */
final class GroupFile implements AutoCloseable {
  static final int VERSION = 2;
  /** The oldest version this class reads (it has no lease deadline). */
  static final int OLDEST_VERSION = 1;
  static final int HEADER_BYTES = 64;
  static final int COPY_BYTES = 64;
  static final int SLOT_BYTES = 2 * COPY_BYTES;
  private static final byte[] MAGIC = "LBQGROUP".getBytes(StandardCharsets.US_ASCII);
  private static final int READ_ATTEMPTS = 20;

  private final Path path;
  private final FileChannel channel;
  private final boolean forces;
  private final ByteBuffer writeBuffer =
      ByteBuffer.allocateDirect(COPY_BYTES).order(ByteOrder.BIG_ENDIAN);
  private MappedByteBuffer map; // read-write mapping of the slots known at the last remap

  private GroupFile(Path path, FileChannel channel, Durability durability) {
    this.path = path;
    this.channel = channel;
    this.forces = durability.forces();
  }

  /**
   * Opens an existing group file for reading and writing.
   *
   * @throws CorruptFileException if the header is damaged or not a group file
   */
  static GroupFile open(Path path, Durability durability) throws IOException {
    FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      checkHeader(path, ch);
      GroupFile f = new GroupFile(path, ch, durability);
      synchronized (f.writeBuffer) {
        f.remap();
      }
      return f;
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /** Opens an existing group file read-only, for introspection. */
  static GroupFile openReadOnly(Path path) throws IOException {
    FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
    try {
      checkHeader(path, ch);
      return new GroupFile(path, ch, Durability.NONE);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /**
   * Creates a group file whose one slot is empty at {@code startPosition}, atomically. The caller
   * holds the group lock and has checked that the file does not exist.
   */
  static void create(Path path, long startPosition) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(HEADER_BYTES + SLOT_BYTES).order(ByteOrder.BIG_ENDIAN);
    buf.put(MAGIC).putInt(VERSION).putInt(SLOT_BYTES);
    buf.putInt(HEADER_BYTES - 4, crc(buf.array(), 0, HEADER_BYTES - 4));
    encode(SlotState.emptyAt(1, startPosition), buf, HEADER_BYTES);
    AtomicFiles.write(path, buf.array());
  }

  private static void checkHeader(Path path, FileChannel ch) throws IOException {
    if (ch.size() < HEADER_BYTES) {
      throw new CorruptFileException(path, ch.size(), CorruptFileException.UNKNOWN,
          "group file is shorter than its " + HEADER_BYTES + "-byte header");
    }
    ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.BIG_ENDIAN);
    AtomicFiles.readFully(ch, h, 0, path);
    byte[] a = h.array();
    if (!Arrays.equals(a, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new CorruptFileException(path, 0, CorruptFileException.UNKNOWN,
          "not a linebase queue group file (bad magic)");
    }
    if (h.getInt(HEADER_BYTES - 4) != crc(a, 0, HEADER_BYTES - 4)) {
      throw new CorruptFileException(path, 0, CorruptFileException.UNKNOWN,
          "group file header checksum mismatch");
    }
    int version = h.getInt(8);
    if (version < OLDEST_VERSION || version > VERSION) {
      throw new IOException(path + ": group file version " + version
          + " is not supported (this library reads versions " + OLDEST_VERSION + " to " + VERSION
          + ")");
    }
    if (h.getInt(12) != SLOT_BYTES) {
      throw new CorruptFileException(path, 12, CorruptFileException.UNKNOWN,
          "slotBytes " + h.getInt(12) + " != " + SLOT_BYTES);
    }
  }

  Path path() {
    return path;
  }

  /**
   * Reads every slot. A slot is present once any byte of it is (a new slot's copy B may not exist
   * yet); missing bytes read as zero, that is, as a never-written copy.
   */
  SlotState[] readAll() throws IOException {
    for (int attempt = 1; ; attempt++) {
      long size = channel.size();
      int slots = (int) ((size - HEADER_BYTES + SLOT_BYTES - 1) / SLOT_BYTES);
      ByteBuffer buf = ByteBuffer.allocate(slots * SLOT_BYTES).order(ByteOrder.BIG_ENDIAN);
      readAvailable(buf, HEADER_BYTES);
      SlotState[] out = new SlotState[slots];
      long damagedAt = -1;
      for (int i = 0; i < out.length; i++) {
        out[i] = decodeSlot(buf, i * SLOT_BYTES);
        if (out[i] == null) {
          damagedAt = HEADER_BYTES + (long) i * SLOT_BYTES;
          break;
        }
      }
      if (damagedAt < 0) {
        return out;
      }
      if (attempt >= READ_ATTEMPTS) {
        throw damaged(damagedAt);
      }
      Thread.onSpinWait();
    }
  }

  /** Reads slot {@code index}; a slot beyond the end of the file reads as never written. */
  SlotState read(int index) throws IOException {
    long offset = HEADER_BYTES + (long) index * SLOT_BYTES;
    for (int attempt = 1; ; attempt++) {
      ByteBuffer buf = ByteBuffer.allocate(SLOT_BYTES).order(ByteOrder.BIG_ENDIAN);
      readAvailable(buf, offset);
      SlotState s = decodeSlot(buf, 0);
      if (s != null) {
        return s;
      }
      if (attempt >= READ_ATTEMPTS) {
        throw damaged(offset);
      }
      Thread.onSpinWait();
    }
  }

  private void readAvailable(ByteBuffer buf, long position) throws IOException {
    long pos = position;
    while (buf.hasRemaining()) {
      int r = channel.read(buf, pos);
      if (r < 0) {
        break;
      }
      pos += r;
    }
  }

  private CorruptFileException damaged(long offset) {
    return new CorruptFileException(path, offset, CorruptFileException.UNKNOWN,
        "both copies of consumer slot " + (offset - HEADER_BYTES) / SLOT_BYTES
            + " are damaged (checksum mismatch); refusing to guess the group's position");
  }

  /**
   * Writes {@code state} (whose seq must be one more than the slot's current seq) to the copy its
   * seq selects, then forces it when the durability policy forces.
   *
   * <p>A slot inside the file's memory mapping is written by one 64-byte store into the mapping:
   * the bytes are in the OS page cache when this returns (they survive a crash of the process,
   * like a {@code pwrite}) without a system call, which is what makes a consumed position cheap
   * enough to persist before every returned message. A slot past the mapping (just appended) is
   * written with one positional write, then the mapping is renewed.
   */
  void write(int index, SlotState state) throws IOException {
    int offset = HEADER_BYTES + index * SLOT_BYTES + ((state.seq() & 1L) == 1L ? 0 : COPY_BYTES);
    synchronized (writeBuffer) {
      writeBuffer.clear();
      encodeTo(state, writeBuffer);
      writeBuffer.flip();
      if (map != null && offset + COPY_BYTES <= map.capacity()) {
        // Commit point: this one 64-byte store into the shared mapping (or the write below).
        map.put(offset, writeBuffer, 0, COPY_BYTES);
        if (forces) {
          map.force(offset, COPY_BYTES);
        }
        return;
      }
      AtomicFiles.writeFully(channel, writeBuffer, offset);
      if (forces) {
        channel.force(false);
      }
      remap();
    }
  }

  private void remap() throws IOException {
    long size = channel.size();
    long slots = (size - HEADER_BYTES) / SLOT_BYTES;
    map = slots <= 0 ? null
        : channel.map(FileChannel.MapMode.READ_WRITE, 0, HEADER_BYTES + slots * SLOT_BYTES);
  }

  private static void encode(SlotState s, ByteBuffer buf, int at) {
    ByteBuffer copy = buf.duplicate().order(ByteOrder.BIG_ENDIAN);
    copy.position(at + ((s.seq() & 1L) == 1L ? 0 : COPY_BYTES));
    encodeTo(s, copy);
  }

  private static void encodeTo(SlotState s, ByteBuffer b) {
    int start = b.position();
    b.putLong(s.seq()).putLong(s.from()).putLong(s.delivered()).putLong(s.to())
        .putLong(s.ackBits()).putLong(s.leaseDeadlineMillis());
    for (int i = 48; i < COPY_BYTES - 4; i++) {
      b.put((byte) 0);
    }
    b.putInt(crc(b, start, COPY_BYTES - 4));
  }

  /** The slot at {@code at} in {@code buf}, or null when both copies are damaged. */
  private static SlotState decodeSlot(ByteBuffer buf, int at) {
    CopyRead a = decodeCopy(buf, at);
    CopyRead b = decodeCopy(buf, at + COPY_BYTES);
    if ((a.damaged || b.damaged) && (a.damaged || a.state == null)
        && (b.damaged || b.state == null)) {
      return null; // no valid copy although one was written: torn now, or damaged
    }
    SlotState best = null;
    if (!a.damaged && a.state != null) {
      best = a.state;
    }
    if (!b.damaged && b.state != null && (best == null || b.state.seq() > best.seq())) {
      best = b.state;
    }
    return best == null ? SlotState.emptyAt(0, 0) : best;
  }

  private record CopyRead(SlotState state, boolean damaged) {}

  private static CopyRead decodeCopy(ByteBuffer buf, int at) {
    boolean zero = true;
    for (int i = 0; i < COPY_BYTES; i++) {
      if (buf.get(at + i) != 0) {
        zero = false;
        break;
      }
    }
    if (zero) {
      return new CopyRead(null, false);
    }
    if (buf.getInt(at + COPY_BYTES - 4) != crc(buf, at, COPY_BYTES - 4)) {
      return new CopyRead(null, true);
    }
    try {
      return new CopyRead(new SlotState(buf.getLong(at), buf.getLong(at + 8),
          buf.getLong(at + 16), buf.getLong(at + 24), buf.getLong(at + 32),
          buf.getLong(at + 40)), false);
    } catch (IllegalArgumentException e) {
      return new CopyRead(null, true);
    }
  }

  private static int crc(byte[] a, int off, int len) {
    CRC32C c = new CRC32C();
    c.update(a, off, len);
    return (int) c.getValue();
  }

  private static int crc(ByteBuffer b, int off, int len) {
    CRC32C c = new CRC32C();
    ByteBuffer view = b.duplicate();
    view.limit(off + len).position(off);
    c.update(view);
    return (int) c.getValue();
  }

  /** Whether {@code path} exists as a group file. */
  static boolean exists(Path path) {
    return Files.isRegularFile(path);
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
