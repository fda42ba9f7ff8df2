package dev.linebase.bench.index;

import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs every index benchmark in one go: {@link IndexBuildVsWc} (build against {@code wc -l}),
 * then the JMH suites {@link IndexReadBenchmark}, {@link IndexOpenBenchmark} and {@link
 * IndexRefreshBenchmark}. See {@code bench/results/index.md}.
 *
 * <p>Run: {@code flock /work/bench.lock java -cp bench/target/benchmarks.jar
 * dev.linebase.bench.index.IndexBenchmarks}.
 */
public final class IndexBenchmarks {
  private IndexBenchmarks() {}

  public static void main(String[] args) throws Exception {
    IndexBuildVsWc.main(new String[] {"7"});
    Options options = new OptionsBuilder()
        .include("dev\\.linebase\\.bench\\.index\\.Index(Read|Open|Refresh)Benchmark")
        .jvmArgsAppend("-Dlinebase.bench.dir=" + IndexBenchData.dir(),
            "-Dlinebase.bench.indexBytes=" + IndexBenchData.targetBytes())
        .build();
    new Runner(options).run();
  }
}
