package dev.linebase.bench.index;

import dev.linebase.index.LineIndex;
import dev.linebase.index.LineIndexOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Random {@code readLine(n)} on the page-cached ~1 GB file with the index open (default interval
 * 32, or {@code -p interval=16,32,64}). SampleTime: read the p0.50 line of the output for the
 * median.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class IndexReadBenchmark {
  /** Lines between checkpoints; the default is the library's. */
  @Param("32")
  public int interval;

  private LineIndex index;
  private long total;

  /** Per-thread random line numbers. */
  @State(Scope.Thread)
  public static class Lines {
    final SplittableRandom random = new SplittableRandom(42);
  }

  @Setup(Level.Trial)
  public void open() throws IOException {
    Path file = IndexBenchData.jsonl();
    LineIndexOptions options = LineIndexOptions.defaults().withCheckpointIntervalLines(interval);
    if (interval != LineIndexOptions.DEFAULT_CHECKPOINT_INTERVAL_LINES) {
      options = options.withSidecarPath(
          file.resolveSibling(file.getFileName() + ".i" + interval + ".lbidx"));
    }
    index = LineIndex.open(file, options);
    total = index.totalLines();
    // Touch every line once so the mapping's pages are in (page cache and page table).
    for (long n = 0; n < total; n += 64) {
      index.span(n);
    }
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    index.close();
  }

  @Benchmark
  public String readLine(Lines lines) throws IOException {
    return index.readLine(lines.random.nextLong(total));
  }

  @Benchmark
  public byte[] readBytes(Lines lines) throws IOException {
    return index.readBytes(lines.random.nextLong(total));
  }
}
