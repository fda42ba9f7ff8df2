package dev.linebase.testkit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;

/**
 * Deliberate damage to a file, for corruption and recovery tests: truncation (a torn write), zeroed
 * ranges and NUL runs (a crash after the file grew but before its pages were written), bit flips
 * (media damage) and random bytes from a point to the end of the file (Kafka's "nonsense to EOF").
 *
 * <p>Each method opens, changes and closes the file, so it must not be used on a file another
 * thread is writing at the same moment. Random choices come from the caller's {@link Random}, so
 * a seeded test damages the same bytes every run. This class is stateless and thread-safe.
 */
public final class FileDamage {
  private static final int CHUNK = 64 * 1024;

  private FileDamage() {}

  /**
   * Cuts the file to {@code newSize} bytes.
   *
   * @throws IllegalArgumentException if {@code newSize} is negative or larger than the file
   */
  public static void truncate(Path path, long newSize) throws IOException {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
      long size = ch.size();
      if (newSize < 0 || newSize > size) {
        throw new IllegalArgumentException(
            "newSize " + newSize + " outside [0, " + size + "] for " + path);
      }
      ch.truncate(newSize);
    }
  }

  /**
   * Removes the last {@code bytes} bytes and returns the new size.
   *
   * @throws IllegalArgumentException if {@code bytes} is negative or larger than the file
   */
  public static long truncateBy(Path path, long bytes) throws IOException {
    long size = Files.size(path);
    if (bytes < 0 || bytes > size) {
      throw new IllegalArgumentException(
          "bytes " + bytes + " outside [0, " + size + "] for " + path);
    }
    truncate(path, size - bytes);
    return size - bytes;
  }

  /**
   * Overwrites {@code [offset, offset + length)} with zero bytes; the range must lie inside the
   * file.
   */
  public static void zero(Path path, long offset, long length) throws IOException {
    overwrite(path, offset, length, null);
  }

  /** Flips bit {@code bit} (0 = least significant) of the byte at {@code byteOffset}. */
  public static void flipBit(Path path, long byteOffset, int bit) throws IOException {
    if (bit < 0 || bit > 7) {
      throw new IllegalArgumentException("bit outside [0, 7]: " + bit);
    }
    try (FileChannel ch =
        FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      checkRange(path, ch.size(), byteOffset, 1);
      ByteBuffer one = ByteBuffer.allocate(1);
      readFully(ch, one, byteOffset);
      byte flipped = (byte) (one.get(0) ^ (1 << bit));
      writeFully(ch, ByteBuffer.wrap(new byte[] {flipped}), byteOffset);
    }
  }

  /**
   * Overwrites every byte from {@code fromOffset} to the end of the file with random bytes
   * (newlines included), keeping the size; returns how many bytes were overwritten.
   */
  public static long garbageToEnd(Path path, long fromOffset, Random random) throws IOException {
    long size = Files.size(path);
    checkRange(path, size, fromOffset, 0);
    overwrite(path, fromOffset, size - fromOffset, random);
    return size - fromOffset;
  }

  /** Appends {@code length} random bytes (newlines included) to the end of the file. */
  public static void appendGarbage(Path path, int length, Random random) throws IOException {
    append(path, length, random);
  }

  /** Appends {@code length} zero bytes, as a file system may after a crash that grew the file. */
  public static void appendNuls(Path path, int length) throws IOException {
    append(path, length, null);
  }

  /**
   * A uniformly random byte offset in {@code [0, size)}.
   *
   * @throws IllegalArgumentException if the file is empty
   */
  public static long randomOffset(Path path, Random random) throws IOException {
    return randomOffset(path, 0, random);
  }

  /** A uniformly random byte offset in {@code [fromOffset, size)}. */
  public static long randomOffset(Path path, long fromOffset, Random random) throws IOException {
    long size = Files.size(path);
    if (fromOffset < 0 || fromOffset >= size) {
      throw new IllegalArgumentException(
          "no byte at or after offset " + fromOffset + " in " + path + " of " + size + " bytes");
    }
    long span = size - fromOffset;
    return fromOffset + (long) (random.nextDouble() * span) % span;
  }

  private static void append(Path path, int length, Random randomOrNull) throws IOException {
    if (length < 0) {
      throw new IllegalArgumentException("length < 0: " + length);
    }
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
      fill(ch, ch.size(), length, randomOrNull);
    }
  }

  private static void overwrite(Path path, long offset, long length, Random randomOrNull)
      throws IOException {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
      checkRange(path, ch.size(), offset, length);
      fill(ch, offset, length, randomOrNull);
    }
  }

  private static void fill(FileChannel ch, long offset, long length, Random randomOrNull)
      throws IOException {
    byte[] chunk = new byte[(int) Math.min(CHUNK, Math.max(length, 1))];
    long done = 0;
    while (done < length) {
      int n = (int) Math.min(chunk.length, length - done);
      if (randomOrNull != null) {
        for (int i = 0; i < n; i++) {
          chunk[i] = (byte) randomOrNull.nextInt(256);
        }
      }
      writeFully(ch, ByteBuffer.wrap(chunk, 0, n), offset + done);
      done += n;
    }
  }

  private static void checkRange(Path path, long size, long offset, long length) {
    if (offset < 0 || length < 0 || offset + length > size) {
      throw new IllegalArgumentException(
          "range [" + offset + ", " + (offset + length) + ") outside " + path + " of " + size
              + " bytes");
    }
  }

  private static void readFully(FileChannel ch, ByteBuffer dst, long position) throws IOException {
    long pos = position;
    while (dst.hasRemaining()) {
      int n = ch.read(dst, pos);
      if (n < 0) {
        throw new IOException("unexpected end of file at " + pos);
      }
      pos += n;
    }
  }

  private static void writeFully(FileChannel ch, ByteBuffer src, long position)
      throws IOException {
    long pos = position;
    while (src.hasRemaining()) {
      pos += ch.write(src, pos);
    }
  }
}
