package dev.linebase.jsonl;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Checks every writer applies to one record's content before a byte of it is written: no raw
 * {@code \n} or {@code \r} (it would split or corrupt the line) and a size limit.
 *
 * <p>The default limit, {@link #DEFAULT_MAX_RECORD_BYTES} (16 MiB), bounds the memory a reader
 * needs for one line. This class is stateless and thread-safe.
 */
public final class Records {
  /** Default {@code maxRecordBytes}: 16 MiB. */
  public static final int DEFAULT_MAX_RECORD_BYTES = 16 << 20;

  private Records() {}

  /**
   * Rejects content longer than {@code maxRecordBytes} or containing {@code \n} or {@code \r}.
   *
   * @throws IllegalArgumentException naming the problem and its byte position
   */
  public static void check(byte[] bytes, int offset, int length, int maxRecordBytes) {
    if (length > maxRecordBytes) {
      throw new IllegalArgumentException(
          "record of " + length + " bytes exceeds maxRecordBytes " + maxRecordBytes);
    }
    int at = indexOfLineBreak(bytes, offset, length);
    if (at >= 0) {
      throw new IllegalArgumentException(
          "record contains a raw " + (bytes[at] == '\n' ? "\\n" : "\\r") + " at byte "
              + (at - offset) + "; a line-oriented record cannot hold one");
    }
  }

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;

  /** One 0x80 bit in each byte lane of {@code w} that is zero (no false positives). */
  private static long zeroLanes(long w) {
    return ~(((w & LOW7) + LOW7) | w | LOW7);
  }

  /** Index of the first {@code \n} or {@code \r}, eight bytes per step; -1 if none. */
  private static int indexOfLineBreak(byte[] bytes, int offset, int length) {
    int i = offset;
    int end = offset + length;
    for (; i + 8 <= end; i += 8) {
      long w = (long) LONGS.get(bytes, i);
      if ((zeroLanes(w ^ 0x0A0A0A0A0A0A0A0AL) | zeroLanes(w ^ 0x0D0D0D0D0D0D0D0DL)) != 0) {
        break;
      }
    }
    for (; i < end; i++) {
      byte b = bytes[i];
      if (b == '\n' || b == '\r') {
        return i;
      }
    }
    return -1;
  }

  /**
   * Index of the first NUL byte in {@code bytes[offset, offset+length)}, or -1. Writers of files
   * that readers scan for NUL-filled (preallocated or never-written) regions reject such records.
   */
  public static int indexOfNul(byte[] bytes, int offset, int length) {
    return indexOf(bytes, offset, offset + length, (byte) 0);
  }

  /** Index of the first {@code value} in {@code bytes[from, end)}, eight bytes per step; -1 if none. */
  public static int indexOf(byte[] bytes, int from, int end, byte value) {
    long lanes = (value & 0xFFL) * 0x0101010101010101L;
    int i = from;
    for (; i + 8 <= end; i += 8) {
      long zero = zeroLanes((long) LONGS.get(bytes, i) ^ lanes);
      if (zero != 0) {
        return i + (Long.numberOfTrailingZeros(zero) >>> 3);
      }
    }
    for (; i < end; i++) {
      if (bytes[i] == value) {
        return i;
      }
    }
    return -1;
  }

  /** {@link #check} plus: the content must be exactly one JSON value. */
  public static void checkJson(byte[] bytes, int offset, int length, int maxRecordBytes) {
    check(bytes, offset, length, maxRecordBytes);
    String problem = Json.problem(bytes, offset, length);
    if (problem != null) {
      throw new IllegalArgumentException("record is not one JSON value: " + problem);
    }
  }

  /** Validates {@code maxRecordBytes} as a setting. */
  public static int requireMaxRecordBytes(int maxRecordBytes) {
    if (maxRecordBytes <= 0) {
      throw new IllegalArgumentException("maxRecordBytes <= 0: " + maxRecordBytes);
    }
    return maxRecordBytes;
  }
}
