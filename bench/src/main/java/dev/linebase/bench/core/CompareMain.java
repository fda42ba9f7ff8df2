package dev.linebase.bench.core;

import dev.linebase.bench.BenchData;
import dev.linebase.bench.FsyncProbe;
import dev.linebase.bench.Rate;
import dev.linebase.bench.Report;
import dev.linebase.bench.Report.Verdict;
import dev.linebase.bench.peers.AppendRead;
import dev.linebase.bench.peers.ChronicleQueuePeer;
import dev.linebase.bench.peers.TapeQueueFilePeer;
import dev.linebase.io.Durability;
import dev.linebase.log.LogConfig;
import dev.linebase.log.LogFormat;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench/run core}: Linebase's core against its yardsticks and peers, on identical data in
 * one run, with the targets of the core issue:
 *
 * <ol>
 *   <li>index: {@code LineIndex} build vs {@code wc -l} on a page-cached file of about 1 GB of
 *       100-byte JSON lines (alternating rounds, min and median); open with a fresh sidecar;
 *       random {@code readLine}; {@code refresh()} after appending 1,000 lines;
 *   <li>no-sync log: {@code SegmentedLog} under {@code NONE} vs Chronicle Queue, appending the
 *       same pre-serialized 99-byte records (100-byte lines), then reading them all back;
 *   <li>durable log: the raw fsync rate ({@link FsyncProbe}, before and after each run) vs
 *       {@code SegmentedLog} under {@code SYNC}, Tape's {@code QueueFile}, {@code GROUP} with
 *       {@code appendAsync}, and {@code GROUP} with 64 threads each blocking on its own append.
 * </ol>
 *
 * <p>Settings (system properties, defaults in brackets): {@code linebase.bench.fileMiB} size of
 * the JSONL file [1024]; {@code linebase.bench.rounds} index-build and {@code wc -l} rounds [5];
 * {@code linebase.bench.appendRecords} records per no-sync append run [5,000,000];
 * {@code linebase.bench.durableSeconds} duration of each fsync-bound run [5];
 * {@code linebase.bench.fsyncSeconds} duration of each raw fsync probe [2];
 * {@code linebase.bench.only} a comma-separated subset of {@code index,nosync,durable}.
 *
 * <p>Without {@code linebase.bench.only}, each section runs in a fresh JVM of its own (same JVM
 * options and class path), one after another, as JMH forks each benchmark: measured in one JVM,
 * the {@code GROUP} runs came out at 0.42 M/s after the index and no-sync sections (page cache,
 * heap and JIT state they leave behind) and 1.15 M/s on their own.
 */
public final class CompareMain {
  private static final int GROUP_THREADS = 64;

  private CompareMain() {}

  private static final List<String> SECTIONS = List.of("index", "nosync", "durable");

  public static void main(String[] args) throws Exception {
    if (System.getProperty("linebase.bench.only", "").isBlank()) {
      for (String section : SECTIONS) {
        forkSection(section, args);
      }
      return;
    }
    Settings s = Settings.fromSystemProperties();
    Report report = Report.start("core",
        "Core: LineIndex and SegmentedLog vs wc -l, raw fsync, Chronicle Queue, Tape");
    report.note(s.describe());
    report.note("machine shared with other helpers' builds and tests while measuring");

    if (s.runs("index")) {
      Path file = BenchData.jsonLines(s.fileMiB() << 20);
      Rate warm = BenchData.warm(file);
      report.note(String.format(Locale.ROOT,
          "index data: %s, %,d bytes, %,d lines of %d bytes; read once before measuring"
              + " (%.0f MB/s)",
          file, Files.size(file), Files.size(file) / BenchData.LINE_BYTES, BenchData.LINE_BYTES,
          warm.perSecond() / 1e6));
      new IndexSection(s, report, file).run();
    }
    byte[][] records = BenchData.records(s.poolRecords());
    if (s.runs("nosync")) {
      noSync(s, report, records);
    }
    if (s.runs("durable")) {
      durable(s, report, records);
    }
    report.finish();
  }

  /** Runs one section in a child JVM with this JVM's options and class path; fails if it fails. */
  private static void forkSection(String section, String[] args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    cmd.add("-Dlinebase.bench.only=" + section);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(CompareMain.class.getName());
    cmd.addAll(List.of(args));
    int exit = new ProcessBuilder(cmd).inheritIO().start().waitFor();
    if (exit != 0) {
      throw new IllegalStateException("section " + section + " failed with exit code " + exit);
    }
  }

  private static void noSync(Settings s, Report report, byte[][] records) throws Exception {
    long n = s.appendRecords();
    long warmup = Math.min(n, 1_000_000);
    LogConfig jsonl = LogConfig.builder().durability(Durability.NONE).build();
    LogConfig text = LogConfig.builder().durability(Durability.NONE).format(LogFormat.TEXT).build();
    // One untimed warm-up run of each, so that each is measured with compiled code.
    LogWorkloads.appendCount(null, "warm-up", jsonl, records, warmup);
    LogWorkloads.appendCount(null, "warm-up", text, records, warmup);
    ChronicleQueuePeer.appendThenRead(records, warmup);

    AppendRead lbJsonl = LogWorkloads.appendCount(
        report, "SegmentedLog NONE append (JSONL, validated)", jsonl, records, n);
    report.rate(lbJsonl.append()).rate(lbJsonl.read());
    AppendRead lbText = LogWorkloads.appendCount(
        report, "SegmentedLog NONE append (TEXT, unvalidated)", text, records, n);
    report.rate(lbText.append()).rate(lbText.read());
    AppendRead chronicle = ChronicleQueuePeer.appendThenRead(records, n);
    report.rate(chronicle.append()).rate(chronicle.read());

    report.measure("NONE append / Chronicle append",
        ratio(lbJsonl.append().ratioTo(chronicle.append())),
        "JSONL; TEXT " + ratio(lbText.append().ratioTo(chronicle.append())));
    report.measure("log read back / Chronicle read back",
        ratio(lbJsonl.read().ratioTo(chronicle.read())),
        "JSONL; TEXT " + ratio(lbText.read().ratioTo(chronicle.read())));
    report.target(
        "log append of pre-serialized 100-byte lines under NONE: at least 5 million lines/s",
        String.format(Locale.ROOT,
            "%s lines/s JSONL (validated), %s lines/s TEXT; Chronicle Queue %s/s",
            Rate.human(lbJsonl.append().perSecond()), Rate.human(lbText.append().perSecond()),
            Rate.human(chronicle.append().perSecond())),
        Verdict.of(lbJsonl.append().perSecond() >= 5e6));
  }

  /**
   * The durable runs, each between two raw fsync probes: the disk's fsync rate moves while other
   * processes use it, so each run is held against the mean of the probes just before and just
   * after it.
   */
  private static void durable(Settings s, Report report, byte[][] records) throws Exception {
    double secs = s.durableSeconds();
    LogConfig syncConfig = LogConfig.builder().durability(Durability.SYNC).build();
    LogConfig group = LogConfig.builder().durability(Durability.GROUP).build();
    LogWorkloads.appendAsync(null, "warm-up", group, records, 200_000, 1);
    Rate msync = FsyncProbe.measureMapped(BenchData.dir(), s.fsyncSeconds());
    report.rate(msync);

    Rate p0 = probe(s, report);
    AppendRead sync = LogWorkloads.appendBlocking(
        report, "SegmentedLog SYNC append (1 thread)", syncConfig, records, 1, secs);
    report.rate(sync.append()).rate(sync.read());
    Rate p1 = probe(s, report);
    AppendRead tape = TapeQueueFilePeer.addForSeconds(records, secs);
    report.rate(tape.append()).rate(tape.read());
    Rate p2 = probe(s, report);
    AppendRead async = LogWorkloads.appendAsync(
        report, "SegmentedLog GROUP appendAsync (1 thread)", group, records, s.asyncRecords(),
        secs);
    report.rate(async.append()).rate(async.read());
    Rate p3 = probe(s, report);
    AppendRead blocking = LogWorkloads.appendBlocking(report,
        "SegmentedLog GROUP append, " + GROUP_THREADS + " blocking threads", group, records,
        GROUP_THREADS, secs);
    report.rate(blocking.append()).rate(blocking.read());
    Rate p4 = probe(s, report);
    // The same 64 blocking threads where a force costs almost nothing (tmpfs), and a textbook
    // group commit with no I/O at all: what waking 64 threads per line costs on this machine.
    AppendRead shm = LogWorkloads.appendBlocking(report,
        "SegmentedLog GROUP append, " + GROUP_THREADS + " blocking threads, on tmpfs", group,
        records, GROUP_THREADS, secs, Path.of("/dev/shm", "linebase-bench-core-log"));
    report.rate(shm.append());
    Rate ideal = WakeupCeiling.run(
        "ideal group commit, no I/O, " + GROUP_THREADS + " blocking threads", GROUP_THREADS, secs);
    report.rate(ideal);

    double fsyncSync = mean(p0, p1);
    double fsyncTape = mean(p1, p2);
    double fsyncBlocking = mean(p3, p4);
    double fsyncAll = (p0.perSecond() + p1.perSecond() + p2.perSecond() + p3.perSecond()
        + p4.perSecond()) / 5;
    report.measure("raw fsync rate, mean of all probes", Rate.human(fsyncAll) + "/s",
        String.format(Locale.ROOT, "probes %s, %s, %s, %s, %s /s", Rate.human(p0.perSecond()),
            Rate.human(p1.perSecond()), Rate.human(p2.perSecond()), Rate.human(p3.perSecond()),
            Rate.human(p4.perSecond())));

    double syncRatio = sync.append().perSecond() / fsyncSync;
    report.measure("SYNC / raw fsync (probes around it)", ratio(syncRatio),
        "raw fsync " + Rate.human(fsyncSync) + "/s; SYNC / raw msync "
            + ratio(sync.append().ratioTo(msync)));
    report.measure("Tape QueueFile / raw fsync (probes around it)",
        ratio(tape.append().perSecond() / fsyncTape), "raw fsync " + Rate.human(fsyncTape) + "/s");
    report.measure("SYNC / Tape QueueFile", ratio(sync.append().ratioTo(tape.append())), "");
    double perFsync = blocking.append().perSecond() / fsyncBlocking;
    report.measure("GROUP 64 threads: lines per raw fsync", String.format(Locale.ROOT, "%.1f",
        perFsync), "target 0.8 x 64 = 51.2; raw fsync " + Rate.human(fsyncBlocking) + "/s");
    report.measure("GROUP appendAsync / Tape QueueFile",
        ratio(async.append().ratioTo(tape.append())), "");

    report.target("SYNC: lines/s within 10% of the raw fsync rate",
        String.format(Locale.ROOT, "%s/s vs raw fsync %s/s = %s",
            Rate.human(sync.append().perSecond()), Rate.human(fsyncSync), ratio(syncRatio)),
        Verdict.of(syncRatio >= 0.9));
    report.target(
        "GROUP, appendAsync (future completes after covering fsync): at least 1 million lines/s",
        Rate.human(async.append().perSecond()) + " lines/s",
        Verdict.of(async.append().perSecond() >= 1e6));
    double need = 0.8 * GROUP_THREADS * fsyncBlocking;
    report.target(
        "GROUP, 64 threads each blocking on its own append: at least 0.8 x 64 x raw fsync rate",
        String.format(Locale.ROOT, "%s lines/s vs %s needed (raw fsync %s/s); with free forces "
                + "(tmpfs) %s lines/s; ideal group commit without I/O %s calls/s",
            Rate.human(blocking.append().perSecond()), Rate.human(need),
            Rate.human(fsyncBlocking), Rate.human(shm.append().perSecond()),
            Rate.human(ideal.perSecond())),
        Verdict.of(blocking.append().perSecond() >= need));
  }

  private static Rate probe(Settings s, Report report) throws Exception {
    Rate r = FsyncProbe.measure(s.fsyncSeconds());
    report.rate(r);
    return r;
  }

  private static double mean(Rate a, Rate b) {
    return (a.perSecond() + b.perSecond()) / 2;
  }

  static String ms(long nanos) {
    return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
  }

  static String ratio(double r) {
    return String.format(Locale.ROOT, "%.2fx", r);
  }
}
