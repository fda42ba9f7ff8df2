package dev.linebase.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Wall-clock times of repeated rounds of one measurement, with minimum and median. Not
 * thread-safe: one harness thread adds rounds.
 */
public final class Rounds {
  private final String name;
  private final List<Long> nanos = new ArrayList<>();

  public Rounds(String name) {
    this.name = name;
  }

  public String name() {
    return name;
  }

  public void add(long roundNanos) {
    if (roundNanos <= 0) {
      throw new IllegalArgumentException("roundNanos <= 0: " + roundNanos);
    }
    nanos.add(roundNanos);
  }

  public int count() {
    return nanos.size();
  }

  public long minNanos() {
    return sorted()[0];
  }

  /** The median; for an even count, the lower of the two middle values. */
  public long medianNanos() {
    long[] s = sorted();
    return s[(s.length - 1) / 2];
  }

  private long[] sorted() {
    if (nanos.isEmpty()) {
      throw new IllegalStateException("no rounds recorded for " + name);
    }
    long[] s = nanos.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(s);
    return s;
  }

  @Override
  public String toString() {
    StringBuilder all = new StringBuilder();
    for (long n : nanos) {
      all.append(all.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.0f", n / 1e6));
    }
    return String.format(
        Locale.ROOT,
        "%s: min %.1f ms, median %.1f ms over %d rounds [%s ms]",
        name,
        minNanos() / 1e6,
        medianNanos() / 1e6,
        count(),
        all);
  }
}
