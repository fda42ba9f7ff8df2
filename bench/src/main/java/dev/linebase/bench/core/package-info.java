/**
 * The core comparison harness ({@code bench/run core}): {@code LineIndex} and
 * {@code SegmentedLog} measured beside {@code wc -l}, the disk's raw fsync rate, Chronicle Queue
 * and Tape's {@code QueueFile} on identical data in one run, with the ratios and the targets of
 * the core issue. JMH microbenchmarks of each area live in their own packages.
 */
package dev.linebase.bench.core;
