package dev.linebase.store;

import java.util.Arrays;

/**
 * A growable byte array for building WAL chunks without intermediate arrays: the store encodes
 * each call's op lines straight into one builder that it reuses under its write lock. JSON
 * strings of printable ASCII without {@code "} or {@code \} (ids, timestamps, agent ids in
 * practice) are copied byte for byte; anything else goes through Jackson's escaper, so the output
 * is exactly {@link JsonBytes#string}. Not thread-safe.
 */
final class ByteBuilder {
  private byte[] buf;
  private int size;

  ByteBuilder(int initialBytes) {
    if (initialBytes <= 0) {
      throw new IllegalArgumentException("initialBytes <= 0: " + initialBytes);
    }
    buf = new byte[initialBytes];
  }

  int size() {
    return size;
  }

  void reset() {
    size = 0;
  }

  /**
   * The builder's own buffer: bytes {@code [0, size())} are those written since the last
   * {@link #reset}. Valid until the next {@code put} or reset; the caller must not keep it.
   */
  byte[] array() {
    return buf;
  }

  /** The bytes written since the last {@link #reset}, copied. */
  byte[] toArray() {
    return Arrays.copyOf(buf, size);
  }

  void put(byte b) {
    ensure(1);
    buf[size++] = b;
  }

  void put(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, buf, size, b.length);
    size += b.length;
  }

  /** Writes {@code s} as a JSON string literal, quotes included. */
  void putJsonString(String s) {
    int len = s.length();
    ensure(len + 2);
    int at = size;
    buf[at++] = '"';
    for (int i = 0; i < len; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
        put(JsonBytes.string(s));
        return;
      }
      buf[at++] = (byte) c;
    }
    buf[at++] = '"';
    size = at;
  }

  /** Writes {@code v} in decimal. */
  void putLong(long v) {
    put(Long.toString(v).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }

  private void ensure(int more) {
    if (more > buf.length - size) {
      long want = Math.max((long) buf.length * 2, (long) size + more);
      if (want > Integer.MAX_VALUE - 8) {
        if ((long) size + more > Integer.MAX_VALUE - 8) {
          throw new IllegalArgumentException("chunk too large: " + ((long) size + more) + " bytes");
        }
        want = Integer.MAX_VALUE - 8;
      }
      buf = Arrays.copyOf(buf, (int) want);
    }
  }
}
