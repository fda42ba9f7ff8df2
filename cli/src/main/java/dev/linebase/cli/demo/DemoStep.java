package dev.linebase.cli.demo;

/**
 * One step of {@code linebase demo}: it does one thing with the libraries and returns a one-line
 * summary; the demo prints the summary with the time the step took. Steps run in the order of
 * {@link DemoSteps#all()} and share a {@link DemoContext}. To show a new capability in the demo,
 * implement this interface and add the step to that list. Steps run one at a time on one thread.
 */
public interface DemoStep {
  /** A short name printed before the summary, e.g. {@code "index"}. */
  String name();

  /**
   * Runs the step.
   *
   * @return a one-line summary of what it did, e.g. {@code "1,000,000 lines, sidecar 12 KB"}
   */
  String run(DemoContext context) throws Exception;
}
