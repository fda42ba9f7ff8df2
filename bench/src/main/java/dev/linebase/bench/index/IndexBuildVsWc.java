package dev.linebase.bench.index;

import dev.linebase.index.LineIndex;
import dev.linebase.index.LineIndexOptions;
import dev.linebase.index.SidecarMode;
import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Index build against {@code wc -l} on the same page-cached ~1 GB file, alternating in one run:
 * each round times {@code wc -l FILE} (a child bash and wc, so it includes ~2 ms of process start)
 * and a full {@link LineIndex} build (open without a usable sidecar: map, fingerprint, parallel
 * scan, close). Prints every round and the median ratio build / wc (below 1 means faster).
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.linebase.bench.index.IndexBuildVsWc
 * [rounds]}. CPU times are printed beside wall times because the machine is shared: {@code wc}'s
 * from bash's {@code time}, the build's as the JVM's process CPU time around it.
 */
public final class IndexBuildVsWc {
  private IndexBuildVsWc() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    Path file = IndexBenchData.jsonl();
    Path noSidecar = Files.createTempDirectory("lb-build").resolve("none.lbidx");
    LineIndexOptions options = LineIndexOptions.defaults()
        .withSidecarMode(SidecarMode.READ_ONLY).withSidecarPath(noSidecar);
    System.out.printf(Locale.ROOT, "file %s, %,d bytes, %d cores, %s%n", file, Files.size(file),
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"));
    // Warm the page cache and the JIT.
    wc(file);
    for (int i = 0; i < 3; i++) {
      build(file, options);
    }
    double[] ratios = new double[rounds];
    double[] wcMs = new double[rounds];
    double[] buildMs = new double[rounds];
    double[] wcCpuMs = new double[rounds];
    double[] buildCpuMs = new double[rounds];
    OperatingSystemMXBean os =
        (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    for (int round = 0; round < rounds; round++) {
      long t0 = System.nanoTime();
      long[] wcResult = wc(file);
      long t1 = System.nanoTime();
      long cpu0 = os.getProcessCpuTime();
      long lines = build(file, options);
      long cpu1 = os.getProcessCpuTime();
      long t2 = System.nanoTime();
      if (lines != wcResult[0]) {
        throw new IllegalStateException("line counts differ: wc " + wcResult[0] + ", index " + lines);
      }
      wcMs[round] = (t1 - t0) / 1e6;
      buildMs[round] = (t2 - t1) / 1e6;
      wcCpuMs[round] = wcResult[1] / 1e6;
      buildCpuMs[round] = (cpu1 - cpu0) / 1e6;
      ratios[round] = buildMs[round] / wcMs[round];
      System.out.printf(Locale.ROOT, "round %d: wc -l %.1f ms (cpu %.0f ms), index build %.1f ms "
          + "(cpu %.0f ms), ratio %.2f (%,d lines)%n", round, wcMs[round], wcCpuMs[round],
          buildMs[round], buildCpuMs[round], ratios[round], lines);
    }
    Arrays.sort(ratios);
    Arrays.sort(wcMs);
    Arrays.sort(buildMs);
    Arrays.sort(wcCpuMs);
    Arrays.sort(buildCpuMs);
    int m = rounds / 2;
    System.out.printf(Locale.ROOT, "median: wc -l %.1f ms (cpu %.0f ms), index build %.1f ms "
        + "(cpu %.0f ms, %.2f GB/s), ratio build/wc %.2f%n", wcMs[m], wcCpuMs[m], buildMs[m],
        buildCpuMs[m], Files.size(file) / buildMs[m] / 1e6, ratios[m]);
  }

  private static long build(Path file, LineIndexOptions options) throws IOException {
    try (LineIndex index = LineIndex.open(file, options)) {
      return index.totalLines();
    }
  }

  /** Runs {@code wc -l}; returns its count and its CPU time (user + system, from bash). */
  private static long[] wc(Path file) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("bash", "-c", "TIMEFORMAT='%3U %3S'; time wc -l \"$0\"",
        file.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
    if (p.waitFor() != 0) {
      throw new IOException("wc failed: " + out);
    }
    String[] lines = out.split("\n");
    String[] cpu = lines[lines.length - 1].trim().split("\\s+");
    long cpuNanos = (long) ((Double.parseDouble(cpu[0]) + Double.parseDouble(cpu[1])) * 1e9);
    return new long[] {Long.parseLong(lines[0].trim().split("\\s+")[0]), cpuNanos};
  }
}
