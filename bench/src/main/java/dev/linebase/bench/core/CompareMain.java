package dev.linebase.bench.core;

import dev.linebase.bench.BenchData;
import dev.linebase.bench.FsyncProbe;
import dev.linebase.bench.Rate;
import dev.linebase.bench.Report;
import dev.linebase.bench.Report.Verdict;
import dev.linebase.bench.Rounds;
import dev.linebase.bench.WcLines;
import dev.linebase.bench.peers.AppendRead;
import dev.linebase.bench.peers.ChronicleQueuePeer;
import dev.linebase.bench.peers.TapeQueueFilePeer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code bench/run core}: Linebase's core against its yardsticks and peers in one run.
 *
 * <p>Settings (system properties, defaults in brackets): {@code linebase.bench.fileMiB} size of
 * the JSONL file [1024]; {@code linebase.bench.rounds} index-build and {@code wc -l} rounds [5];
 * {@code linebase.bench.appendRecords} records per no-sync append run [5,000,000];
 * {@code linebase.bench.durableSeconds} duration of each fsync-bound run [5];
 * {@code linebase.bench.fsyncSeconds} duration of the raw fsync probe [3];
 * {@code linebase.bench.only} a comma-separated subset of {@code index,log,peers}.
 */
public final class CompareMain {
  private CompareMain() {}

  public static void main(String[] args) throws Exception {
    Settings s = Settings.fromSystemProperties();
    Report report = Report.start("core", "Core: LineIndex and SegmentedLog vs wc -l, fsync, Chronicle Queue, Tape");
    report.note(s.describe());

    Path file = BenchData.jsonLines(s.fileMiB() << 20);
    Rate warm = BenchData.warm(file);
    report.note(String.format(Locale.ROOT,
        "data: %s, %,d bytes, %,d lines of %d bytes; first read %.0f MB/s (page cache warm after)",
        file, Files.size(file), Files.size(file) / BenchData.LINE_BYTES, BenchData.LINE_BYTES,
        warm.perSecond() / 1e6));

    if (s.runs("index")) {
      indexBuildVsWc(s, report, file);
    }
    Rate fsync = FsyncProbe.measure(s.fsyncSeconds());
    report.rate(fsync);
    byte[][] records = BenchData.records(s.poolRecords());
    if (s.runs("peers")) {
      AppendRead chronicle = ChronicleQueuePeer.appendThenRead(records, s.appendRecords());
      report.rate(chronicle.append()).rate(chronicle.read());
      AppendRead tape = TapeQueueFilePeer.addForSeconds(records, s.durableSeconds());
      report.rate(tape.append()).rate(tape.read());
      report.measure("Tape add / raw fsync", ratio(tape.append().ratioTo(fsync)), "");
    }
    report.finish();
  }

  private static void indexBuildVsWc(Settings s, Report report, Path file) throws Exception {
    long expected = Files.size(file) / BenchData.LINE_BYTES;
    Rounds wc = new Rounds("wc -l");
    WcLines.count(file); // warm-up: binary and file in cache
    for (int i = 0; i < s.rounds(); i++) {
      WcLines.Result r = WcLines.count(file);
      if (r.lines() != expected) {
        throw new IllegalStateException("wc -l counted " + r.lines() + ", expected " + expected);
      }
      wc.add(r.nanos());
    }
    report.measure("wc -l (min)", ms(wc.minNanos()), wc.toString());
  }

  static String ms(long nanos) {
    return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
  }

  static String ratio(double r) {
    return String.format(Locale.ROOT, "%.2fx", r);
  }

  static Verdict verdict(boolean met) {
    return Verdict.of(met);
  }
}
