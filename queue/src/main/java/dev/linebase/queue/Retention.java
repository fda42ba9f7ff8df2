package dev.linebase.queue;

import java.time.Duration;

/**
 * How much consumed data a queue keeps for replay. Data is deleted only once every consumer group
 * has consumed it <em>and</em> it is outside what this policy keeps. {@link #NONE} keeps nothing,
 * so a drained queue shrinks to (almost) nothing; deletion happens in whole segments (file
 * drivers) or in batches of rows (sqlite).
 *
 * @param keepBytes consumed bytes to keep (newest first), {@code >= 0}
 * @param keepFor consumed data younger than this is kept, not negative
 */
public record Retention(long keepBytes, Duration keepFor) {
  /** Keep nothing that every group has consumed. */
  public static final Retention NONE = new Retention(0, Duration.ZERO);

  public Retention {
    if (keepBytes < 0) {
      throw new IllegalArgumentException("keepBytes < 0: " + keepBytes);
    }
    if (keepFor == null || keepFor.isNegative()) {
      throw new IllegalArgumentException("keepFor is null or negative: " + keepFor);
    }
  }

  /** Keep the newest {@code bytes} of consumed data. */
  public static Retention keepBytes(long bytes) {
    return new Retention(bytes, Duration.ZERO);
  }

  /** Keep consumed data written within the last {@code age}. */
  public static Retention keepFor(Duration age) {
    return new Retention(0, age);
  }
}
