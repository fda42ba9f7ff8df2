package dev.linebase.index;

import java.util.concurrent.ThreadLocalRandom;

/** The seed of a randomized test: {@code -Dlinebase.seed} or a fresh one, printed either way. */
final class Seeds {
  private Seeds() {}

  static long seed(String test) {
    String prop = System.getProperty("linebase.seed");
    long seed = prop != null && !prop.isEmpty() ? Long.parseLong(prop)
        : ThreadLocalRandom.current().nextLong();
    System.out.println(test + ": -Dlinebase.seed=" + seed);
    return seed;
  }

  /** A size knob: {@code -Dlinebase.scale} (default 1) multiplies iterations and sizes. */
  static int scale() {
    return Integer.getInteger("linebase.scale", 1);
  }
}
