package dev.linebase.log;

/**
 * What a log's lines hold, which decides how raw records are checked before they are written and
 * the extension of its segment files.
 *
 * <ul>
 *   <li>{@link #JSONL}: every line is exactly one JSON value; {@code append(String)} and {@code
 *       append(byte[])} reject anything else. Segment files end in {@code .jsonl}.
 *   <li>{@link #TEXT}: lines are arbitrary UTF-8 text without {@code \n} or {@code \r}; no JSON
 *       check. Segment files end in {@code .txt}.
 * </ul>
 */
public enum LogFormat {
  /** One JSON value per line (the default). */
  JSONL(".jsonl"),
  /** Raw text lines, no JSON check. */
  TEXT(".txt");

  private final String extension;

  LogFormat(String extension) {
    this.extension = extension;
  }

  /** The segment file extension, with its dot. */
  public String extension() {
    return extension;
  }
}
