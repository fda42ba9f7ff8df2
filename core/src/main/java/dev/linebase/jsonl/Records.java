package dev.linebase.jsonl;

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
    int end = offset + length;
    for (int i = offset; i < end; i++) {
      byte b = bytes[i];
      if (b == '\n' || b == '\r') {
        throw new IllegalArgumentException(
            "record contains a raw " + (b == '\n' ? "\\n" : "\\r") + " at byte " + (i - offset)
                + "; a line-oriented record cannot hold one");
      }
    }
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
