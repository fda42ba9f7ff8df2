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

  private static volatile Cached last = new Cached(Long.MIN_VALUE, "");

  private record Cached(long millis, String text) {}

  /** Now; formatting is cached per millisecond (many ops share one). */
  static String now() {
    long ms = System.currentTimeMillis();
    Cached c = last;
    if (c.millis() != ms) {
      c = new Cached(ms, format(ms));
      last = c;
    }
    return c.text();
  }

  static String format(long epochMillis) {
    return ISO_MILLIS.format(Instant.ofEpochMilli(epochMillis));
  }
}
