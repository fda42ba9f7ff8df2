package dev.linebase.cli;

import java.util.Locale;

/** Human-readable sizes, counts and durations for the CLI's messages and demo steps. Stateless. */
public final class Units {
  private Units() {}

  /** {@code 512 B}, {@code 12.3 KB}, {@code 1.5 MB}, {@code 2.0 GB} (powers of 1000). */
  public static String bytes(long n) {
    if (n < 1000) {
      return n + " B";
    }
    String[] units = {"KB", "MB", "GB", "TB", "PB"};
    double v = n;
    int u = -1;
    while (v >= 1000 && u < units.length - 1) {
      v /= 1000;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }

  /** {@code 1,234,567}. */
  public static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** {@code 850 µs}, {@code 12.3 ms}, {@code 1.25 s}. */
  public static String nanos(long nanos) {
    if (nanos < 1_000_000) {
      return String.format(Locale.ROOT, "%d µs", nanos / 1000);
    }
    if (nanos < 1_000_000_000) {
      return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }
    return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
  }

  /** {@code 1.2 M/s}, {@code 35.0 K/s}, {@code 850/s}. */
  public static String rate(long items, long nanos) {
    double perSecond = nanos <= 0 ? 0 : items * 1e9 / nanos;
    if (perSecond >= 1e6) {
      return String.format(Locale.ROOT, "%.2f M/s", perSecond / 1e6);
    }
    if (perSecond >= 1e3) {
      return String.format(Locale.ROOT, "%.1f K/s", perSecond / 1e3);
    }
    return String.format(Locale.ROOT, "%.0f/s", perSecond);
  }
}
