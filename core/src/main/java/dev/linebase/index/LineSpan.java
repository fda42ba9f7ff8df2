package dev.linebase.index;

/**
 * Where one line lies in its file: {@code length} bytes from byte {@code offset}, including the
 * line's terminator ({@code \n} or {@code \r\n}) when it has one and, for line 0, a leading
 * UTF-8 BOM. Immutable.
 *
 * @param offset byte offset of the line's first byte
 * @param length number of bytes up to and including the terminator
 */
public record LineSpan(long offset, int length) {
  public LineSpan {
    if (offset < 0) {
      throw new IllegalArgumentException("offset < 0: " + offset);
    }
    if (length < 0) {
      throw new IllegalArgumentException("length < 0: " + length);
    }
  }

  /** The offset just past this line: where the next line starts. */
  public long end() {
    return offset + length;
  }
}
