package dev.linebase.bench.index;

import dev.linebase.index.LineIndex;
import dev.linebase.index.LineIndexOptions;
import dev.linebase.index.RefreshResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code refresh()} after 1,000 ~100-byte lines were appended (outside the measured time) to a
 * copy of the ~1 GB file with its index open; the default {@code AUTO_SAVE} mode, which does not
 * rewrite the sidecar for such small appends. Each single-shot iteration appends, then times one
 * refresh; the copy is cut back to 1 GB at the start of each trial. Read the median from the
 * percentiles JMH prints for single-shot runs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 30)
@Measurement(iterations = 200)
@Fork(1)
public class IndexRefreshBenchmark {
  private Path file;
  private long baseBytes;
  private LineIndex index;
  private FileChannel appender;
  private ByteBuffer thousandLines;

  @Setup(Level.Trial)
  public void prepare() throws IOException {
    Path source = IndexBenchData.jsonl();
    baseBytes = Files.size(source);
    file = source.resolveSibling("index-refresh.jsonl");
    if (!Files.exists(file) || Files.size(file) < baseBytes) {
      Files.copy(source, file, StandardCopyOption.REPLACE_EXISTING);
    }
    appender = FileChannel.open(file, StandardOpenOption.WRITE);
    if (appender.size() > baseBytes) {
      appender.truncate(baseBytes);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SplittableRandom r = new SplittableRandom(7);
    for (int i = 0; i < 1000; i++) {
      out.writeBytes(IndexBenchData.line(20_000_000L + i, r));
    }
    thousandLines = ByteBuffer.wrap(out.toByteArray());
    index = LineIndex.open(file, LineIndexOptions.defaults());
  }

  @Setup(Level.Iteration)
  public void append() throws IOException {
    thousandLines.clear();
    long end = appender.size();
    while (thousandLines.hasRemaining()) {
      end += appender.write(thousandLines, end);
    }
  }

  @Benchmark
  public RefreshResult refreshAfter1000Lines() throws IOException {
    RefreshResult r = index.refresh();
    if (r != RefreshResult.APPENDED) {
      throw new IllegalStateException("expected APPENDED, got " + r);
    }
    return r;
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    index.close();
    appender.close();
  }
}
