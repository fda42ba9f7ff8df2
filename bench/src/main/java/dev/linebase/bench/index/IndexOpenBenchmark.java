package dev.linebase.bench.index;

import dev.linebase.index.LineIndex;
import dev.linebase.index.LineIndexOptions;
import dev.linebase.index.SidecarMode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code LineIndex.open} + {@code totalLines()} + {@code close()} of the ~1 GB file (about 11.7
 * million lines, so over the 10-million-line target) with a fresh sidecar: stat, fingerprint
 * (two 4 KiB reads), sidecar read and checksum, spot checks, mapping.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class IndexOpenBenchmark {
  private Path file;
  private LineIndexOptions readOnly;

  @Setup(Level.Trial)
  public void ensureSidecar() throws IOException {
    file = IndexBenchData.jsonl();
    try (LineIndex index = LineIndex.open(file)) {
      index.save();
    }
    readOnly = LineIndexOptions.defaults().withSidecarMode(SidecarMode.READ_ONLY);
    try (LineIndex index = LineIndex.open(file, readOnly)) {
      if (!index.openedFresh()) {
        throw new IllegalStateException("sidecar is not fresh");
      }
    }
  }

  @Benchmark
  public long openFresh() throws IOException {
    try (LineIndex index = LineIndex.open(file, readOnly)) {
      if (!index.openedFresh()) {
        throw new IllegalStateException("sidecar is not fresh");
      }
      return index.totalLines();
    }
  }
}
