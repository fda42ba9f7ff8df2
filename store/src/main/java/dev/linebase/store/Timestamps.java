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

  static String now() {
    return format(System.currentTimeMillis());
  }

  static String format(long epochMillis) {
    return ISO_MILLIS.format(Instant.ofEpochMilli(epochMillis));
  }
}
