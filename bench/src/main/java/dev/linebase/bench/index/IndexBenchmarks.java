package dev.linebase.bench.index;

import dev.linebase.bench.BenchData;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the index JMH suites {@link IndexReadBenchmark}, {@link IndexOpenBenchmark} and {@link
 * IndexRefreshBenchmark}. The build against {@code wc -l} is measured by {@code bench/run core}
 * ({@code dev.linebase.bench.core.CompareMain}). See {@code bench/results/index.md}.
 *
 * <p>Run: {@code flock /work/bench.lock java -cp bench/target/benchmarks.jar
 * dev.linebase.bench.index.IndexBenchmarks}.
 */
public final class IndexBenchmarks {
  private IndexBenchmarks() {}

  public static void main(String[] args) throws Exception {
    Options options = new OptionsBuilder()
        .include("dev\\.linebase\\.bench\\.index\\.Index(Read|Open|Refresh)Benchmark")
        .jvmArgsAppend("-Dlinebase.bench.dir=" + BenchData.dir(),
            "-Dlinebase.bench.indexBytes=" + Long.getLong("linebase.bench.indexBytes", 1L << 30))
        .build();
    new Runner(options).run();
  }
}
