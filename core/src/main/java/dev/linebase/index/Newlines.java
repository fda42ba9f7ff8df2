package dev.linebase.index;

import java.nio.ByteBuffer;

/**
 * Word-at-a-time (SWAR) newline search over little-endian {@link ByteBuffer}s: eight bytes are
 * tested per step with a handful of arithmetic operations and no branch per byte.
 *
 * <p>For a word {@code w}, {@link #mask(long)} returns exactly one {@code 0x80} bit in each byte
 * lane that holds {@code '\n'}: {@code x = w ^ 0x0A..}, a lane of {@code x} is zero exactly at a
 * newline; {@code (x & 0x7F..) + 0x7F..} sets a lane's high bit when its low seven bits are not
 * all zero and never carries into the next lane; or-ing {@code x} adds lanes whose high bit was
 * set; the complement leaves the high bit only in zero lanes. Unlike the classic
 * {@code (x - 0x01..) & ~x} test it has no false positives, so {@code Long.bitCount} counts
 * newlines exactly.
 *
 * <p>Stateless and thread-safe; buffers must be read with absolute methods only.
 */
final class Newlines {
  static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
  static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;

  private Newlines() {}

  /** One {@code 0x80} bit in each byte lane of {@code word} that holds {@code '\n'}. */
  static long mask(long word) {
    long x = word ^ NEWLINES;
    long t = (x & LOW7) + LOW7;
    return ~(t | x | LOW7);
  }

  /**
   * Index in {@code bb} of the {@code k}-th ({@code k >= 1}) newline in {@code [from, to)}, or
   * {@code -(found + 1)} when the range holds only {@code found < k} newlines.
   */
  static long nth(ByteBuffer bb, int from, int to, long k) {
    long remaining = k;
    int i = from;
    // 32 bytes per step while the k-th newline is further on: the four masks shifted by 0..3
    // bits never overlap, so one bitCount counts all of them.
    int blockEnd = to - 31;
    for (; i < blockEnd; i += 32) {
      int c = Long.bitCount(mask(bb.getLong(i)) | (mask(bb.getLong(i + 8)) >>> 1)
          | (mask(bb.getLong(i + 16)) >>> 2) | (mask(bb.getLong(i + 24)) >>> 3));
      if (c >= remaining) {
        break;
      }
      remaining -= c;
    }
    int wordEnd = to - 7;
    for (; i < wordEnd; i += 8) {
      long m = mask(bb.getLong(i));
      if (m != 0) {
        int c = Long.bitCount(m);
        if (c >= remaining) {
          for (long r = remaining; r > 1; r--) {
            m &= m - 1;
          }
          return i + (Long.numberOfTrailingZeros(m) >>> 3);
        }
        remaining -= c;
      }
    }
    for (; i < to; i++) {
      if (bb.get(i) == '\n' && --remaining == 0) {
        return i;
      }
    }
    return -(k - remaining + 1);
  }

  /** Number of newlines in {@code [from, to)} of {@code bb}. */
  static long count(ByteBuffer bb, int from, int to) {
    long count = 0;
    int i = from;
    int wordEnd = to - 7;
    for (; i < wordEnd; i += 8) {
      count += Long.bitCount(mask(bb.getLong(i)));
    }
    for (; i < to; i++) {
      if (bb.get(i) == '\n') {
        count++;
      }
    }
    return count;
  }
}
