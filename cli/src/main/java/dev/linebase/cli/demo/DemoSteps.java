package dev.linebase.cli.demo;

import java.util.List;

/**
 * The steps of {@code linebase demo}, in order. Add a step here to show a new capability.
 * Stateless and thread-safe.
 */
public final class DemoSteps {
  private DemoSteps() {}

  /** Every step, in the order the demo runs them. */
  public static List<DemoStep> all() {
    return List.of(
        new GenerateStep(),
        new IndexStep(),
        new CountStep(),
        new ReadStep(),
        new RefreshStep(),
        new LogAppendStep(),
        new LogGroupStep(),
        new LogReadStep());
  }
}
