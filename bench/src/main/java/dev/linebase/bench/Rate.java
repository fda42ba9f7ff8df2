package dev.linebase.bench;

import java.util.Locale;

/**
 * A measured throughput: {@code operations} done in {@code nanos} nanoseconds. Immutable and
 * thread-safe.
 */
public record Rate(String name, long operations, long nanos) {

  public Rate {
    if (operations < 0) {
      throw new IllegalArgumentException("operations < 0: " + operations);
    }
    if (nanos <= 0) {
      throw new IllegalArgumentException("nanos <= 0: " + nanos);
    }
  }

  /** Operations per second. */
  public double perSecond() {
    return operations * 1e9 / nanos;
  }

  /** Elapsed time in milliseconds. */
  public double millis() {
    return nanos / 1e6;
  }

  /** This rate divided by {@code other}'s, e.g. 2.0 when this one is twice as fast. */
  public double ratioTo(Rate other) {
    return perSecond() / other.perSecond();
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "%s: %,d ops in %.1f ms = %s/s",
        name,
        operations,
        millis(),
        human(perSecond()));
  }

  /** Formats a rate with a thousands separator, or with a k/M suffix past a million. */
  public static String human(double perSecond) {
    if (perSecond >= 1e6) {
      return String.format(Locale.ROOT, "%.2f M", perSecond / 1e6);
    }
    return String.format(Locale.ROOT, "%,.0f", perSecond);
  }
}
