package dev.linebase.store;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Timestamps as opslog writes them: JavaScript's {@code Date.prototype.toISOString()}, always UTC
 * with exactly three fraction digits, e.g. {@code 2026-11-23T16:13:04.445Z}. Strings of this
 * shape sort chronologically, which {@code ops(since)} relies on. Stateless and thread-safe.
 */
final class Timestamps {
  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private Timestamps() {}

  private static volatile Cached last = new Cached(Long.MIN_VALUE, "", JsonBytes.string(""));

  /** A formatted millisecond and its JSON string literal (never modified). */
  private record Cached(long millis, String text, byte[] json) {}

  /** Now; formatting is cached per millisecond (many ops share one). */
  static String now() {
    long ms = System.currentTimeMillis();
    Cached c = last;
    if (c.millis() != ms) {
      String text = format(ms);
      c = new Cached(ms, text, JsonBytes.string(text));
      last = c;
    }
    return c.text();
  }

  /**
   * The JSON string literal of {@code ts} (quotes included) when {@code ts} is the very string
   * the last {@link #now} returned, else null. Lets an op line copy its timestamp's bytes instead
   * of escaping it char by char, for the ops made in the current millisecond (nearly all of them
   * when they are written); the caller must not modify the array.
   */
  static byte[] jsonIfCurrent(String ts) {
    Cached c = last;
    return c.text() == ts ? c.json() : null;
  }

  static String format(long epochMillis) {
    return ISO_MILLIS.format(Instant.ofEpochMilli(epochMillis));
  }
}
