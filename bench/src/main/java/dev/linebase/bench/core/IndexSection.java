package dev.linebase.bench.core;

import dev.linebase.bench.BenchData;
import dev.linebase.bench.Report;
import dev.linebase.bench.Report.Verdict;
import dev.linebase.bench.Rounds;
import dev.linebase.bench.WcLines;
import dev.linebase.index.LineIndex;
import dev.linebase.index.LineIndexOptions;
import dev.linebase.index.RefreshResult;
import dev.linebase.index.SidecarMode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;

/**
 * The {@code LineIndex} half of {@code bench/run core}: build against {@code wc -l} on the same
 * page-cached file in the same run, open with a fresh sidecar, random {@code readLine}, and
 * {@code refresh()} after appending 1,000 lines. Not thread-safe; used by {@link CompareMain}.
 */
final class IndexSection {
  private static final int REFRESH_APPEND_LINES = 1_000;

  private final Settings settings;
  private final Report report;
  private final Path file;
  private final long lines;

  IndexSection(Settings settings, Report report, Path file) throws IOException {
    this.settings = settings;
    this.report = report;
    this.file = file;
    this.lines = Files.size(file) / BenchData.LINE_BYTES;
  }

  void run() throws IOException {
    buildVsWc();
    openWithFreshSidecar();
    randomReadLine();
    refreshAfterAppend();
  }

  /** Index build (no sidecar read or written) and wc -l, alternating, several rounds. */
  private void buildVsWc() throws IOException {
    Path noSidecar = BenchData.dir().resolve("core-build-never-written.lbidx");
    Files.deleteIfExists(noSidecar);
    LineIndexOptions parallel =
        LineIndexOptions.defaults()
            .withSidecarPath(noSidecar)
            .withSidecarMode(SidecarMode.READ_ONLY);
    LineIndexOptions oneThread = parallel.withBuildThreads(1);
    Rounds wc = new Rounds("wc -l");
    Rounds build = new Rounds("LineIndex build");
    Rounds build1 = new Rounds("LineIndex build, 1 thread");
    WcLines.count(file); // warm-up: wc binary, page cache
    for (int i = 0; i < 2; i++) { // warm-up: JIT
      build(parallel);
      build(oneThread);
    }
    for (int i = 0; i < settings.rounds(); i++) {
      WcLines.Result r = WcLines.count(file);
      check(r.lines(), "wc -l");
      wc.add(r.nanos());
      build.add(build(parallel));
      build1.add(build(oneThread));
    }
    report.measure("wc -l", CompareMain.ms(wc.minNanos()), wc.toString());
    report.measure(
        "LineIndex build (parallel)", CompareMain.ms(build.minNanos()), build.toString());
    report.measure(
        "LineIndex build (1 thread)", CompareMain.ms(build1.minNanos()), build1.toString());
    double byMin = (double) wc.minNanos() / build.minNanos();
    double byMedian = (double) wc.medianNanos() / build.medianNanos();
    report.measure("index build speed / wc -l speed", CompareMain.ratio(byMin),
        "min/min; median/median " + CompareMain.ratio(byMedian) + "; 1 thread min/min "
            + CompareMain.ratio((double) wc.minNanos() / build1.minNanos()));
    report.target("index build at least as fast as wc -l (same file, same run)",
        String.format(Locale.ROOT,
            "build %s vs wc -l %s (min), %s vs %s (median): %s of wc's speed",
            CompareMain.ms(build.minNanos()), CompareMain.ms(wc.minNanos()),
            CompareMain.ms(build.medianNanos()), CompareMain.ms(wc.medianNanos()),
            CompareMain.ratio(byMin)),
        Verdict.of(build.minNanos() <= wc.minNanos()));
  }

  /** One full build, open to close (as wc -l is timed from start to exit). */
  private long build(LineIndexOptions options) throws IOException {
    long start = System.nanoTime();
    long counted;
    try (LineIndex index = LineIndex.open(file, options)) {
      counted = index.totalLines();
    }
    long nanos = System.nanoTime() - start;
    check(counted, "LineIndex");
    return nanos;
  }

  /** Open (and close) with a fresh sidecar beside the file; median of 21 opens. */
  private void openWithFreshSidecar() throws IOException {
    try (LineIndex index = LineIndex.open(file)) {
      check(index.totalLines(), "LineIndex");
      index.save();
    }
    Rounds open = new Rounds("open with fresh sidecar");
    for (int i = 0; i < 21; i++) {
      long start = System.nanoTime();
      try (LineIndex index = LineIndex.open(file)) {
        long nanos = System.nanoTime() - start;
        if (!index.openedFresh()) {
          throw new IllegalStateException("sidecar of " + file + " was not fresh on reopen");
        }
        open.add(nanos);
      }
    }
    long sidecarBytes = Files.size(file.resolveSibling(file.getFileName() + ".lbidx"));
    report.measure("LineIndex open, fresh sidecar (median)", CompareMain.ms(open.medianNanos()),
        String.format(Locale.ROOT, "%,d lines; sidecar %,d bytes (%.3f%% of file); %s",
            lines, sidecarBytes, 100.0 * sidecarBytes / Files.size(file), open));
    report.target("open with a fresh sidecar under 20 ms (10-million-line file)",
        String.format(Locale.ROOT, "median %s, min %s (%,d lines)",
            CompareMain.ms(open.medianNanos()), CompareMain.ms(open.minNanos()), lines),
        Verdict.of(open.medianNanos() < 20_000_000L));
  }

  /** Random readLine(n) with the index open: each call timed into a histogram. */
  private void randomReadLine() throws IOException {
    int reads = 1_000_000;
    Histogram h = new Histogram(1, 10_000_000_000L, 3);
    SplittableRandom rnd = new SplittableRandom(42);
    try (LineIndex index = LineIndex.open(file)) {
      long sink = 0;
      for (int i = 0; i < 200_000; i++) { // warm-up
        sink += index.readLine(rnd.nextLong(lines)).length();
      }
      for (int i = 0; i < reads; i++) {
        long n = rnd.nextLong(lines);
        long start = System.nanoTime();
        String line = index.readLine(n);
        h.recordValue(Math.max(1, System.nanoTime() - start));
        sink += line.length();
      }
      for (long n : new long[] {0, lines / 2, lines - 1}) {
        if (!index.readLine(n).equals(BenchData.lineText(n))) {
          throw new IllegalStateException("readLine(" + n + ") returned the wrong line");
        }
      }
      if (sink == 0) {
        throw new IllegalStateException("no bytes read");
      }
    }
    double median = h.getValueAtPercentile(50) / 1e3;
    report.measure("random readLine(n), index open (median)",
        String.format(Locale.ROOT, "%.2f µs", median),
        String.format(Locale.ROOT,
            "%,d reads over %,d lines; p90 %.2f µs, p99 %.2f µs, max %.0f µs"
            + " (includes System.nanoTime, ~25 ns)", reads, lines,
            h.getValueAtPercentile(90) / 1e3, h.getValueAtPercentile(99) / 1e3,
            h.getMaxValue() / 1e3));
    report.target("random readLine by number, index open: median under 2 µs",
        String.format(Locale.ROOT, "median %.2f µs, p99 %.2f µs", median,
            h.getValueAtPercentile(99) / 1e3),
        Verdict.of(median < 2.0));
  }

  /**
   * refresh() after appending 1,000 lines: on a copy of the file (so the shared file stays as
   * generated), rounds of "append 1,000 lines, then time refresh()".
   */
  private void refreshAfterAppend() throws IOException {
    Path copy = BenchData.dir().resolve("refresh-copy-" + file.getFileName());
    Path sidecar = BenchData.dir().resolve("refresh-copy.lbidx");
    long base = Files.size(file);
    if (Files.isRegularFile(copy) && Files.size(copy) >= base) {
      try (FileChannel ch = FileChannel.open(copy, StandardOpenOption.WRITE)) {
        ch.truncate(base);
      }
    } else {
      Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
    }
    Files.deleteIfExists(sidecar);
    LineIndexOptions options =
        LineIndexOptions.defaults().withSidecarPath(sidecar).withSidecarMode(SidecarMode.READ_ONLY);
    Rounds refresh = new Rounds("refresh() after appending " + REFRESH_APPEND_LINES + " lines");
    byte[] chunk = new byte[REFRESH_APPEND_LINES * BenchData.LINE_BYTES];
    long next = lines;
    try (LineIndex index = LineIndex.open(copy, options);
        FileChannel out =
            FileChannel.open(copy, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      for (int round = 0; round < 25; round++) {
        for (int i = 0; i < REFRESH_APPEND_LINES; i++) {
          BenchData.line(next + i, chunk, i * BenchData.LINE_BYTES);
        }
        ByteBuffer buf = ByteBuffer.wrap(chunk);
        while (buf.hasRemaining()) {
          out.write(buf);
        }
        next += REFRESH_APPEND_LINES;
        long start = System.nanoTime();
        RefreshResult result = index.refresh();
        long nanos = System.nanoTime() - start;
        if (result != RefreshResult.APPENDED || index.totalLines() != next) {
          throw new IllegalStateException("refresh " + result + ", " + index.totalLines()
              + " lines, expected APPENDED and " + next);
        }
        if (round >= 5) { // the first rounds warm up the JIT
          refresh.add(nanos);
        }
      }
      if (!index.readLine(next - 1).equals(BenchData.lineText(next - 1))) {
        throw new IllegalStateException("last appended line reads wrong");
      }
    } finally {
      Files.deleteIfExists(copy);
      Files.deleteIfExists(sidecar);
    }
    report.measure("LineIndex refresh() after +1,000 lines (median)",
        CompareMain.ms(refresh.medianNanos()), refresh.toString());
    report.target("refresh() after appending 1,000 lines under 5 ms",
        String.format(Locale.ROOT, "median %s, min %s (%,d-byte file)",
            CompareMain.ms(refresh.medianNanos()), CompareMain.ms(refresh.minNanos()),
            Files.size(file)),
        Verdict.of(refresh.medianNanos() < 5_000_000L));
  }

  private void check(long counted, String who) {
    if (counted != lines) {
      throw new IllegalStateException(who + " counted " + counted + " lines, expected " + lines);
    }
  }
}
