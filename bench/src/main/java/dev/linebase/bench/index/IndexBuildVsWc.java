package dev.linebase.bench.index;

import dev.linebase.index.LineIndex;
import dev.linebase.index.LineIndexOptions;
import dev.linebase.index.SidecarMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Index build against {@code wc -l} on the same page-cached ~1 GB file, alternating in one run:
 * each round times {@code wc -l FILE} (a child process, so it includes ~1 ms of process start)
 * and a full {@link LineIndex} build (open without a usable sidecar: map, fingerprint, parallel
 * scan, close). Prints every round and the median ratio build / wc (below 1 means faster).
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.linebase.bench.index.IndexBuildVsWc
 * [rounds]}.
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
    for (int round = 0; round < rounds; round++) {
      long t0 = System.nanoTime();
      long wcLines = wc(file);
      long t1 = System.nanoTime();
      long lines = build(file, options);
      long t2 = System.nanoTime();
      if (lines != wcLines) {
        throw new IllegalStateException("line counts differ: wc " + wcLines + ", index " + lines);
      }
      wcMs[round] = (t1 - t0) / 1e6;
      buildMs[round] = (t2 - t1) / 1e6;
      ratios[round] = buildMs[round] / wcMs[round];
      System.out.printf(Locale.ROOT, "round %d: wc -l %.1f ms, index build %.1f ms, ratio %.2f (%,d lines)%n",
          round, wcMs[round], buildMs[round], ratios[round], lines);
    }
    Arrays.sort(ratios);
    Arrays.sort(wcMs);
    Arrays.sort(buildMs);
    System.out.printf(Locale.ROOT, "median: wc -l %.1f ms, index build %.1f ms (%.2f GB/s), ratio build/wc %.2f%n",
        wcMs[rounds / 2], buildMs[rounds / 2], Files.size(file) / buildMs[rounds / 2] / 1e6,
        ratios[rounds / 2]);
  }

  private static long build(Path file, LineIndexOptions options) throws IOException {
    try (LineIndex index = LineIndex.open(file, options)) {
      return index.totalLines();
    }
  }

  private static long wc(Path file) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("wc", "-l", file.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
    if (p.waitFor() != 0) {
      throw new IOException("wc failed: " + out);
    }
    return Long.parseLong(out.split("\\s+")[0]);
  }
}
