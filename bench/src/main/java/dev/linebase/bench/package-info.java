/**
 * Benchmarks: JMH suites per capability ({@code dev.linebase.bench.<area>}) and the comparison
 * harness that runs Linebase and its peers on identical data in one run and prints ratios.
 */
package dev.linebase.bench;
