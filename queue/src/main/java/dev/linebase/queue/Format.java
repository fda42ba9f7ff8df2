package dev.linebase.queue;

/**
 * How a queue stores its messages, one per line.
 *
 * <ul>
 *   <li>{@link #JSONL}: every message is exactly one JSON value on one line; a string that is not
 *       one valid JSON value, or that contains a raw newline, is rejected.
 *   <li>{@link #TXT}: raw UTF-8 text lines, no JSON check; a message containing {@code \n} or
 *       {@code \r} is rejected (it would become two messages).
 * </ul>
 */
public enum Format {
  JSONL,
  TXT
}
