package dev.linebase.bench.timelog;

import dev.linebase.io.Durability;
import dev.linebase.jsonl.Codec;
import dev.linebase.timelog.BusyPolicy;
import dev.linebase.timelog.Timelog;
import dev.linebase.timelog.TimelogConfig;
import dev.linebase.timelog.TimelogCursor;
import dev.linebase.timelog.TimelogStats;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * The timelog benchmark harness: the reference engine's workload (ingest N records in batches of
 * 4,096 with a share out of order, then full scans) and its variants, single-append latency
 * (HdrHistogram), 100-record range queries and point lookups, and durable ingest per durability
 * policy. Plain {@code main} (not JMH) because the workload is one long ingest followed by scans,
 * as in the reference; each measurement is preceded by a warm-up run of the same code.
 *
 * <pre>
 * java -Xmx4g -cp bench/target/benchmarks.jar dev.linebase.bench.timelog.TimelogBench [WORKLOAD...]
 * WORKLOAD: reference | inorder1 | ooo20 | large | latency | queries | durable  (default: all)
 *           writer | durablewriter  (the writer path alone, in memory / durable; not in "all")
 * </pre>
 *
 * Every scan consumes every record: the span scan sums every timestamp, the cursor scan sums
 * every timestamp and touches every value; both sums are checked against the expected total so
 * the JIT cannot drop the loop.
 */
public final class TimelogBench {
  private static final int BATCH = 4_096;
  private static final Object[] VALUES = new Object[BATCH];

  static {
    for (int i = 0; i < BATCH; i++) {
      VALUES[i] = Integer.valueOf(i);
    }
  }

  private TimelogBench() {}

  public static void main(String[] args) throws Exception {
    List<String> work = args.length == 0
        ? List.of("reference", "inorder1", "ooo20", "large", "latency", "queries", "durable")
        : Arrays.asList(args);
    System.out.printf("JDK %s, %d CPUs, max heap %d MiB%n", System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
    for (String w : work) {
      switch (w) {
        case "reference":
          ingestAndScan("reference: 5M, batch 4096, 5% out of order", 5_000_000, 0.05, BATCH);
          break;
        case "inorder1":
          ingestAndScan("variant: 5M, batch 1 (append), in order", 5_000_000, 0.0, 1);
          break;
        case "ooo20":
          ingestAndScan("variant: 5M, batch 4096, 20% out of order", 5_000_000, 0.20, BATCH);
          break;
        case "large":
          ingestAndScan("variant: 20M, batch 4096, 5% out of order", 20_000_000, 0.05, BATCH);
          break;
        case "latency":
          latency();
          break;
        case "writer":
          writerOnly();
          break;
        case "durablewriter":
          durableWriterOnly();
          break;
        case "queries":
          queries();
          break;
        case "durable":
          durable();
          break;
        default:
          throw new IllegalArgumentException("unknown workload " + w);
      }
    }
  }

  /** Timestamps 0..n-1 with {@code oooShare} of them moved up to 1,000 back. */
  static long[] timestamps(int n, double oooShare, long seed) {
    Random rnd = new Random(seed);
    long[] ts = new long[n];
    for (int i = 0; i < n; i++) {
      ts[i] = rnd.nextDouble() < oooShare ? Math.max(0, i - 1 - rnd.nextInt(1_000)) : i;
    }
    return ts;
  }

  static long[][] batches(long[] ts, int batch) {
    int count = (ts.length + batch - 1) / batch;
    long[][] out = new long[count][];
    for (int b = 0; b < count; b++) {
      out[b] = Arrays.copyOfRange(ts, b * batch, Math.min(ts.length, (b + 1) * batch));
    }
    return out;
  }

  private static List<Object> valueList(int n) {
    return Arrays.asList(VALUES).subList(0, n);
  }

  private static TimelogConfig config() {
    return TimelogConfig.forStreaming().toBuilder().busyPolicy(BusyPolicy.BLOCK)
        .sealedRunLimit(16).sealedRunWaitMillis(60_000).build();
  }

  /** Ingests; returns nanoseconds until the last append returned. */
  private static long ingest(Timelog<Object> log, long[] ts, long[][] batches, int batch)
      throws IOException {
    long start = System.nanoTime();
    if (batch == 1) {
      for (int i = 0; i < ts.length; i++) {
        log.append(ts[i], VALUES[i & (BATCH - 1)]);
      }
    } else {
      for (long[] b : batches) {
        log.appendAll(b, valueList(b.length));
      }
    }
    return System.nanoTime() - start;
  }

  private static void ingestAndScan(String name, int n, double ooo, int batch) throws Exception {
    System.out.println();
    System.out.println("== " + name);
    long[] ts = timestamps(n, ooo, 42);
    long[][] batches = batch == 1 ? null : batches(ts, batch);
    long expectedSum = 0;
    for (long t : ts) {
      expectedSum += t;
    }
    // Warm-up: the same code on a fifth of the data.
    int warm = n / 5;
    long[] wts = Arrays.copyOf(ts, warm);
    try (Timelog<Object> log = Timelog.inMemory(config())) {
      ingest(log, wts, batch == 1 ? null : batches(wts, batch), batch);
      for (int i = 0; i < 3; i++) {
        spanScan(log, -1);
        cursorScan(log, -1);
      }
    }
    System.gc();
    try (Timelog<Object> log = Timelog.inMemory(config())) {
      long cpu0 = writerCpu();
      long maint0 = maintenanceCpu();
      long ingestNanos = ingest(log, ts, batches, batch);
      long writerCpu = writerCpu() - cpu0;
      long maintCpu = maintenanceCpu() - maint0;
      System.out.printf(Locale.ROOT, "ingest   %,d records in %.3f s: %.2f M records/s"
          + " (writer thread CPU %.3f s = %.2f M records per CPU-second; maintenance thread CPU"
          + " %.3f s)%n", n, ingestNanos / 1e9, n / (ingestNanos / 1e3), writerCpu / 1e9,
          n / (writerCpu / 1e3), maintCpu / 1e9);
      TimelogStats s = log.stats();
      System.out.printf(Locale.ROOT, "         after ingest: memtable %,d, sealed %d, L0 %d, L1 %d,"
          + " busy events %d%n", s.memtableRecords(), s.sealedRuns(), s.l0Segments(),
          s.l1Segments(), s.busyEvents());
      scans("scan as ingested", log, n, expectedSum);
      long t0 = System.nanoTime();
      log.compact();
      System.out.printf(Locale.ROOT, "compact  %.3f s%n", (System.nanoTime() - t0) / 1e9);
      scans("scan after compact", log, n, expectedSum);
    }
  }

  private static long writerCpu() {
    return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }

  /** CPU nanoseconds of live maintenance threads (0 if none). */
  private static long maintenanceCpu() {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long sum = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("linebase-timelog-maintenance")) {
        long c = mx.getThreadCpuTime(t.getId());
        sum += Math.max(0, c);
      }
    }
    return sum;
  }

  private static void scans(String label, Timelog<Object> log, long n, long expectedSum) {
    double[] span = new double[5];
    double[] cursor = new double[5];
    for (int i = 0; i < 5; i++) {
      span[i] = spanScan(log, expectedSum);
      cursor[i] = cursorScan(log, expectedSum);
    }
    Arrays.sort(span);
    Arrays.sort(cursor);
    System.out.printf(Locale.ROOT,
        "%-20s primitive spans: median %.1f M records/s (best %.1f); cursor (ts+value): median"
            + " %.1f M records/s (best %.1f)%n",
        label, n / span[2] / 1e6, n / span[0] / 1e6, n / cursor[2] / 1e6, n / cursor[0] / 1e6);
  }

  /** Seconds for a full scan of the timestamp spans, checking the sum. */
  private static double spanScan(Timelog<Object> log, long expectedSum) {
    long start = System.nanoTime();
    long sum = 0;
    Iterator<LongBuffer> it = log.timestampSpans(Long.MIN_VALUE, Long.MAX_VALUE);
    while (it.hasNext()) {
      LongBuffer b = it.next();
      for (int i = 0, end = b.limit(); i < end; i++) {
        sum += b.get(i);
      }
    }
    double secs = (System.nanoTime() - start) / 1e9;
    if (expectedSum >= 0 && sum != expectedSum) {
      throw new AssertionError("span scan sum " + sum + " != " + expectedSum);
    }
    return secs;
  }

  /** Seconds for a full cursor scan touching every timestamp and value. */
  private static double cursorScan(Timelog<Object> log, long expectedSum) {
    long start = System.nanoTime();
    long sum = 0;
    long nulls = 0;
    TimelogCursor<Object> c = log.all();
    while (c.next()) {
      sum += c.timestamp();
      if (c.value() == null) {
        nulls++;
      }
    }
    double secs = (System.nanoTime() - start) / 1e9;
    if (expectedSum >= 0 && (sum != expectedSum || nulls != 0)) {
      throw new AssertionError("cursor scan sum " + sum + " != " + expectedSum);
    }
    return secs;
  }

  /** The writer path alone: manual maintenance (sealed runs pile up), reference workload. */
  private static void writerOnly() throws IOException {
    System.out.println();
    System.out.println("== writer path only: 5M, batch 4096, 5% out of order, manual maintenance");
    long[] ts = timestamps(5_000_000, 0.05, 42);
    long[][] batches = batches(ts, BATCH);
    TimelogConfig manual = config().toBuilder()
        .maintenance(dev.linebase.timelog.MaintenanceMode.MANUAL).busyPolicy(BusyPolicy.SILENT)
        .build();
    for (int round = 0; round < 4; round++) {
      try (Timelog<Object> log = Timelog.inMemory(manual)) {
        long cpu0 = writerCpu();
        long nanos = ingest(log, ts, batches, BATCH);
        long cpu = writerCpu() - cpu0;
        System.out.printf(Locale.ROOT, "round %d: %.2f M records/s wall, %.2f M records per"
            + " CPU-second%n", round, ts.length / (nanos / 1e3), ts.length / (cpu / 1e3));
      }
    }
  }

  /**
   * The durable writer path alone (WAL encoding and append, memtable): durability NONE, manual
   * maintenance so no flush competes, 1M records in batches of 4,096 then 1M single appends,
   * reported per CPU-second of the writer thread (wall time swings with the machine's load).
   * Round 0 is the warm-up.
   */
  private static void durableWriterOnly() throws IOException {
    System.out.println();
    System.out.println("== durable writer path only: none, manual maintenance, 1M batch 4096 + 1M"
        + " single, writer CPU");
    int n = 1_000_000;
    long[] ts = timestamps(n, 0.05, 3);
    long[][] batches = batches(ts, BATCH);
    TimelogConfig manual = config().toBuilder().durability(Durability.NONE)
        .maintenance(dev.linebase.timelog.MaintenanceMode.MANUAL).busyPolicy(BusyPolicy.SILENT)
        .sealedRunLimit(100_000).build();
    Path root = Files.createTempDirectory("timelog-bench");
    try {
      for (int round = 0; round < 5; round++) {
        try (Timelog<Object> log = Timelog.open(root.resolve("r" + round), manual,
            Codec.json(Object.class))) {
          long cpu0 = writerCpu();
          long wall0 = System.nanoTime();
          for (long[] b : batches) {
            log.appendAll(b, valueList(b.length));
          }
          long cpu1 = writerCpu();
          long wall1 = System.nanoTime();
          for (int i = 0; i < n; i++) {
            log.append(n + i, VALUES[i & (BATCH - 1)]);
          }
          long cpu2 = writerCpu();
          long wall2 = System.nanoTime();
          System.out.printf(Locale.ROOT, "round %d: batch %.2f M records/CPU-s (%.2f wall),"
              + " single %.2f M records/CPU-s (%.2f wall)%n", round, n / ((cpu1 - cpu0) / 1e3),
              n / ((wall1 - wall0) / 1e3), n / ((cpu2 - cpu1) / 1e3),
              n / ((wall2 - wall1) / 1e3));
        }
      }
    } finally {
      deleteTree(root);
    }
  }

  private static void latency() throws IOException {
    System.out.println();
    System.out.println("== append latency: 5M single appends, in order, 5% out of order");
    long[] ts = timestamps(5_000_000, 0.05, 7);
    for (int round = 0; round < 2; round++) {
      Histogram h = new Histogram(3_600_000_000_000L, 3);
      try (Timelog<Object> log = Timelog.inMemory(config())) {
        for (int i = 0; i < ts.length; i++) {
          long t0 = System.nanoTime();
          log.append(ts[i], VALUES[i & (BATCH - 1)]);
          h.recordValue(System.nanoTime() - t0);
        }
      }
      if (round == 1) {
        System.out.printf(Locale.ROOT, "append latency ns: p50 %d, p90 %d, p99 %d, p99.9 %d,"
            + " p99.99 %d, max %d (includes ~20 ns of System.nanoTime)%n",
            h.getValueAtPercentile(50), h.getValueAtPercentile(90),
            h.getValueAtPercentile(99), h.getValueAtPercentile(99.9),
            h.getValueAtPercentile(99.99), h.getMaxValue());
      }
    }
  }

  private static void queries() throws IOException {
    System.out.println();
    System.out.println("== queries on 5M records (5% out of order), compacted and as ingested");
    int n = 5_000_000;
    long[] ts = timestamps(n, 0.05, 42);
    try (Timelog<Object> log = Timelog.inMemory(config())) {
      ingest(log, ts, batches(ts, BATCH), BATCH);
      for (String phase : new String[] {"as ingested", "compacted"}) {
        if (phase.equals("compacted")) {
          log.compact();
        }
        Random rnd = new Random(1);
        long records = 0;
        int queries = 200_000;
        for (int warm = 0; warm < 2; warm++) {
          long start = System.nanoTime();
          for (int q = 0; q < queries; q++) {
            long t1 = rnd.nextInt(n - 100);
            TimelogCursor<Object> c = log.range(t1, t1 + 100);
            while (c.next()) {
              records += c.timestamp() >= 0 && c.value() != null ? 1 : 0;
            }
          }
          double secs = (System.nanoTime() - start) / 1e9;
          if (warm == 1) {
            System.out.printf(Locale.ROOT, "%-12s range [t, t+100): %.0f queries/s (%.1f records"
                + " per query)%n", phase, queries / secs, records / (2.0 * queries));
          }
        }
        long found = 0;
        for (int warm = 0; warm < 2; warm++) {
          long start = System.nanoTime();
          for (int q = 0; q < queries * 5; q++) {
            found += log.at(rnd.nextInt(n)).size();
          }
          double secs = (System.nanoTime() - start) / 1e9;
          if (warm == 1) {
            System.out.printf(Locale.ROOT, "%-12s point at(t):       %.0f lookups/s (%d found)%n",
                phase, queries * 5 / secs, found);
          }
        }
      }
    }
  }

  private static void durable() throws IOException {
    System.out.println();
    System.out.println("== durable ingest (Codec.json(Integer)), batch 4096 and single appends");
    Durability[] policies = {Durability.NONE, Durability.GROUP, Durability.SYNC};
    Path root = Files.createTempDirectory("timelog-bench");
    try {
      // Warm-up: the durable write path (codec, WAL, segment files) once under NONE.
      long[] warmTs = timestamps(300_000, 0.05, 5);
      try (Timelog<Object> log = Timelog.open(root.resolve("warm"),
          config().toBuilder().durability(Durability.NONE).build(), Codec.json(Object.class))) {
        for (long[] b : batches(warmTs, BATCH)) {
          log.appendAll(b, valueList(b.length));
        }
        for (int i = 0; i < warmTs.length; i++) {
          log.append(warmTs[i], VALUES[i & (BATCH - 1)]);
        }
      }
      for (Durability d : policies) {
        int n = 1_000_000;
        long[] ts = timestamps(n, 0.05, 3);
        long[][] batches = batches(ts, BATCH);
        Path dir = root.resolve(d.toString() + "-batch");
        TimelogConfig config = config().toBuilder().durability(d).build();
        try (Timelog<Object> log = Timelog.open(dir, config, Codec.json(Object.class))) {
          long start = System.nanoTime();
          for (long[] b : batches) {
            log.appendAll(b, valueList(b.length));
          }
          double secs = (System.nanoTime() - start) / 1e9;
          System.out.printf(Locale.ROOT, "%-14s batch 4096: %.2f M records/s%n", d, n / secs / 1e6);
        }
        int singles = d == Durability.NONE ? 1_000_000 : 2_000;
        Path sdir = root.resolve(d.toString() + "-single");
        try (Timelog<Object> log = Timelog.open(sdir, config, Codec.json(Object.class))) {
          long start = System.nanoTime();
          for (int i = 0; i < singles; i++) {
            log.append(ts[i], VALUES[i & (BATCH - 1)]);
          }
          double secs = (System.nanoTime() - start) / 1e9;
          System.out.printf(Locale.ROOT, "%-14s single append: %.0f records/s (%d records)%n", d,
              singles / secs, singles);
        }
      }
    } finally {
      deleteTree(root);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      List<Path> all = new ArrayList<>();
      s.forEach(all::add);
      all.sort(Comparator.reverseOrder());
      for (Path p : all) {
        Files.deleteIfExists(p);
      }
    }
  }
}
