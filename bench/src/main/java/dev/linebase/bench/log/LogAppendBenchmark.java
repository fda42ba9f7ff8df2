package dev.linebase.bench.log;

import dev.linebase.io.Durability;
import dev.linebase.log.LogConfig;
import dev.linebase.log.LogFormat;
import dev.linebase.log.SegmentedLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Appends of pre-serialized 100-byte JSON lines ({@code {"seq":...,"pad":"xxx..."}} padded to
 * 99 bytes plus {@code \n}) to a {@link SegmentedLog} under each durability policy, beside the
 * disk's raw fsync rate measured by {@link #rawFsync}. Scores are lines (or fsyncs) per second.
 * {@link LogBench} runs them all and prints the ratios.
 *
 * <ul>
 *   <li>{@link #none}: one thread, {@code append(byte[])} under {@code NONE}; {@code format}
 *       {@code TEXT} skips the JSON check (the bytes are pre-serialized), {@code JSONL} pays it;
 *   <li>{@link #groupAsync}: one thread, {@code appendAsync} under {@code GROUP}, waiting for the
 *       last future of every 4,096 (every line counted is durable);
 *   <li>{@link #groupBlocking64}: 64 threads, each blocking on its own {@code append} under
 *       {@code GROUP};
 *   <li>{@link #sync}: one thread, {@code append} under {@code SYNC};
 *   <li>{@link #rawFsync}: one thread, 100-byte positional write plus {@code force(false)} on a
 *       plain {@code FileChannel}: the ceiling SYNC is compared with.
 * </ul>
 *
 * Each trial uses a fresh directory under {@code -Dlinebase.bench.dir} (default the system temp
 * directory), and whole segments are deleted after each iteration to keep the disk use bounded.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LogAppendBenchmark {
  static final int ASYNC_BATCH = 4096;

  static byte[] line(long seq) {
    String head = "{\"seq\":" + seq + ",\"pad\":\"";
    String tail = "\"}";
    return (head + "x".repeat(99 - head.length() - tail.length()) + tail)
        .getBytes(StandardCharsets.UTF_8);
  }

  static Path newDir(String name) throws IOException {
    Path base = Path.of(System.getProperty("linebase.bench.dir",
        System.getProperty("java.io.tmpdir")));
    return Files.createTempDirectory(base, "lb-log-bench-" + name + "-");
  }

  static void deleteTree(Path dir) throws IOException {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** One log per trial. */
  @State(Scope.Benchmark)
  public static class LogState {
    @Param({"none"})
    public String durability;

    @Param({"TEXT"})
    public String format;

    Path dir;
    SegmentedLog log;
    final byte[][] lines = new byte[1024][];

    @Setup(Level.Trial)
    public void open() throws IOException {
      for (int i = 0; i < lines.length; i++) {
        lines[i] = line(i);
      }
      dir = newDir(durability.replaceAll("[^a-z0-9]", ""));
      log = SegmentedLog.open(dir, LogConfig.builder()
          .durability(Durability.parse(durability))
          .format(LogFormat.valueOf(format))
          .build());
    }

    @TearDown(Level.Iteration)
    public void trim() throws IOException {
      log.roll();
      log.deleteBefore(log.endLine());
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
      log.close();
      deleteTree(dir);
    }
  }

  /** Per-thread sequence numbers. */
  @State(Scope.Thread)
  public static class Seq {
    int next;
  }

  @Benchmark
  public long none(LogState s, Seq q) throws IOException {
    return s.log.append(s.lines[q.next++ & 1023]);
  }

  @Benchmark
  @OperationsPerInvocation(ASYNC_BATCH)
  public long groupAsync(LogState s, Seq q) throws Exception {
    CompletableFuture<Long> last = null;
    for (int i = 0; i < ASYNC_BATCH; i++) {
      last = s.log.appendAsync(s.lines[q.next++ & 1023]);
    }
    return last.get();
  }

  @Benchmark
  @Threads(64)
  public long groupBlocking64(LogState s, Seq q) throws IOException {
    return s.log.append(s.lines[q.next++ & 1023]);
  }

  @Benchmark
  public long sync(LogState s, Seq q) throws IOException {
    return s.log.append(s.lines[q.next++ & 1023]);
  }

  /** A plain file for the raw fsync probe. */
  @State(Scope.Thread)
  public static class RawFile {
    Path dir;
    FileChannel ch;
    final ByteBuffer buf = ByteBuffer.wrap(line(0));
    long pos;

    @Setup(Level.Trial)
    public void open() throws IOException {
      dir = newDir("fsync");
      ch = FileChannel.open(dir.resolve("probe"), StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
      ch.close();
      deleteTree(dir);
    }
  }

  @Benchmark
  public long rawFsync(RawFile f) throws IOException {
    f.buf.clear();
    f.pos += f.ch.write(f.buf, f.pos);
    f.ch.force(false);
    return f.pos;
  }
}
