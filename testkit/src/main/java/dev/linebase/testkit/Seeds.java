package dev.linebase.testkit;

import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reproducible seeds for randomized tests. {@link #seed(String)} takes the seed from the system
 * property {@code linebase.seed} when set, otherwise draws one, and always prints
 * {@code SEED <testName>=<seed>} to stdout so a failing run can be repeated with
 * {@code -Dlinebase.seed=<seed>}. Put {@link #describe(long)} in assertion messages.
 *
 * <p>This class is stateless and thread-safe.
 */
public final class Seeds {
  /** The system property that fixes the seed: {@value}. */
  public static final String PROPERTY = "linebase.seed";

  private Seeds() {}

  /**
   * Returns the seed for {@code testName} ({@code -Dlinebase.seed} or a random one) and prints it.
   *
   * @throws IllegalArgumentException if the property is set but is not a long
   */
  public static long seed(String testName) {
    String fixed = System.getProperty(PROPERTY);
    long seed;
    if (fixed != null && !fixed.isBlank()) {
      try {
        seed = Long.parseLong(fixed.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(PROPERTY + " is not a long: '" + fixed + "'", e);
      }
    } else {
      seed = ThreadLocalRandom.current().nextLong();
    }
    System.out.println("SEED " + testName + "=" + seed);
    System.out.flush();
    return seed;
  }

  /** A {@link Random} seeded by {@link #seed(String)} (which prints the seed). */
  public static Random random(String testName) {
    return new Random(seed(testName));
  }

  /** The text to put in assertion messages: {@code "seed 42 (rerun with -Dlinebase.seed=42)"}. */
  public static String describe(long seed) {
    return "seed " + seed + " (rerun with -D" + PROPERTY + "=" + seed + ")";
  }
}
