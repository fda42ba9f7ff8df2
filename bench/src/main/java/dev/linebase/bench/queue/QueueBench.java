package dev.linebase.bench.queue;

import com.squareup.tape2.QueueFile;
import dev.linebase.bench.FsyncProbe;
import dev.linebase.bench.Rate;
import dev.linebase.bench.peers.AppendRead;
import dev.linebase.bench.peers.ChronicleQueuePeer;
import dev.linebase.io.Durability;
import dev.linebase.log.WriterMode;
import dev.linebase.queue.DurableQueue;
import dev.linebase.queue.FileQueue;
import dev.linebase.queue.QueueConfig;
import dev.linebase.queue.SqliteQueue;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The queue workloads of issue 3 (pistributer's own benchmarks plus the durable and no-sync
 * classes), run against Linebase's drivers and, where named, peers in the same run. Prints one
 * line per measurement. Usage: {@code QueueBench [workload...]} with workloads {@code staged},
 * {@code puts}, {@code interleaved}, {@code durable}; none given runs them all.
 */
public final class QueueBench {
  private final Path root;

  private QueueBench(Path root) {
    this.root = root;
  }

  public static void main(String[] args) throws Exception {
    Path root = Files.createTempDirectory("linebase-queue-bench");
    List<String> which = args.length == 0
        ? List.of("staged", "puts", "durable", "nosync", "interleaved") : List.of(args);
    QueueBench b = new QueueBench(root);
    try {
      for (String w : which) {
        switch (w) {
          case "staged" -> b.staged();
          case "puts" -> b.puts();
          case "durable" -> b.durable();
          case "interleaved" -> b.interleaved();
          case "nosync" -> b.noSync();
          default -> throw new IllegalArgumentException("unknown workload " + w);
        }
      }
    } finally {
      deleteTree(root);
    }
  }

  private Path fresh(String name) throws IOException {
    Path p = root.resolve(name + "-" + System.nanoTime());
    Files.createDirectories(p.getParent());
    return p;
  }

  /** 300 queues x 30 rows written, then drained. */
  void staged() throws Exception {
    for (String driver : List.of("jsonl", "sqlite")) {
      Path base = fresh("staged-" + driver);
      long t0 = System.nanoTime();
      for (int q = 0; q < 300; q++) {
        try (DurableQueue<String> queue = open(driver, base.resolve("q" + q), QueueConfig.defaults())) {
          for (int r = 0; r < 30; r++) {
            queue.put("{\"queue\":" + q + ",\"row\":" + r + ",\"text\":\"row " + r + "\"}");
          }
        }
      }
      long t1 = System.nanoTime();
      long n = 0;
      for (int q = 0; q < 300; q++) {
        try (DurableQueue<String> queue = open(driver, base.resolve("q" + q), QueueConfig.defaults())) {
          while (queue.poll() != null) {
            n++;
          }
        }
      }
      long t2 = System.nanoTime();
      check(n == 9000, "staged drained " + n);
      System.out.printf("staged %-6s write %.2f s, drain %.2f s, total %.2f s%n", driver,
          (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t2 - t0) / 1e9);
    }
  }

  /**
   * 20,000 puts of strings and of small objects, then a drain with next(), measured the way JMH
   * would: each case runs {@code -Dputs.warmup} (default 5) warm-up iterations of the same
   * workload on fresh queues, then {@code -Dputs.iterations} (default 10) measured ones; the line
   * reports the median and the range of the measured iterations, and the case's first iteration
   * (the cold one for the first case of the JVM) beside them. Each iteration's queue is closed
   * and its directory deleted before the next starts, so every iteration sees the same file
   * system state. {@code -Dputs.modes=SHARED,EXCLUSIVE} and {@code -Dputs.cases=strings,objects,
   * batch} select what runs; {@code -Dputs.verbose=true} prints every iteration.
   *
   * <p>Run it with {@code -XX:+AlwaysPreTouch} ({@code bench/run -XX:+AlwaysPreTouch --main-only
   * queue -- puts}): without it, G1 grows eden after its first few collections into heap pages
   * never touched, and on the development VM every first touch of a page is a page fault that
   * costs more than a put; the later cases of a run (and more warm-up iterations) then measured
   * the allocation of fresh memory, not the queue.
   */
  void puts() throws Exception {
    int warmup = Integer.getInteger("puts.warmup", 5);
    int iterations = Integer.getInteger("puts.iterations", 10);
    boolean verbose = Boolean.getBoolean("puts.verbose");
    List<String> modes = List.of(System.getProperty("puts.modes", "SHARED,EXCLUSIVE").split(","));
    List<String> cases =
        List.of(System.getProperty("puts.cases", "strings,objects,batch").split(","));
    for (String m : modes) {
      WriterMode mode = WriterMode.valueOf(m);
      QueueConfig config = QueueConfig.builder().writerMode(mode).build();
      for (String c : cases) {
        double[] in = new double[1 + warmup + iterations];
        double[] out = new double[in.length];
        for (int i = 0; i < in.length; i++) {
          double[] r = putsIteration(c, config);
          in[i] = r[0];
          out[i] = r[1];
          if (verbose) {
            System.out.printf("  %s %s iteration %d%s: %,.0f in/s, %,.0f out/s%n", mode, c, i,
                i == 0 ? " (first)" : i <= warmup ? " (warm-up)" : "", in[i], out[i]);
          }
        }
        String what = c.equals("batch") ? "putAll(1000)/poll(1000)" : c + " put/next";
        System.out.printf("puts %-9s %-25s %s in, %s out%n", mode, what,
            summary(in, warmup), summary(out, warmup));
      }
    }
  }

  /** "median M/s (min-max, n), first F M/s" over the measured iterations. */
  private static String summary(double[] rates, int warmup) {
    double[] measured = java.util.Arrays.copyOfRange(rates, 1 + warmup, rates.length);
    if (measured.length == 0) {
      return String.format("first %.2f M/s", rates[0] / 1e6);
    }
    java.util.Arrays.sort(measured);
    int n = measured.length;
    double median = n % 2 == 1 ? measured[n / 2] : (measured[n / 2 - 1] + measured[n / 2]) / 2;
    return String.format("%.2f M/s (%.2f-%.2f, n=%d; first %.2f)", median / 1e6,
        measured[0] / 1e6, measured[n - 1] / 1e6, n, rates[0] / 1e6);
  }

  /** One iteration of a puts case on a fresh queue: {put rate, drain rate}. */
  private double[] putsIteration(String c, QueueConfig config) throws Exception {
    int count = 20_000;
    Path dir = fresh("puts-" + c);
    long t0;
    long t1;
    long t2;
    try {
      switch (c) {
        case "strings" -> {
          String[] values = new String[count];
          for (int i = 0; i < count; i++) {
            values[i] = "\"message number " + i + "\"";
          }
          try (FileQueue<String> q = FileQueue.open(dir, config)) {
            t0 = System.nanoTime();
            for (int i = 0; i < count; i++) {
              q.put(values[i]);
            }
            t1 = System.nanoTime();
            for (int i = 0; i < count; i++) {
              check(q.next() != null, "next() returned null");
            }
            t2 = System.nanoTime();
            check(q.poll() == null, "more messages than were put");
          }
        }
        case "objects" -> {
          Small[] values = new Small[count];
          for (int i = 0; i < count; i++) {
            values[i] = new Small(i, "name-" + i, i * 0.5);
          }
          try (FileQueue<Small> q = FileQueue.open(dir, config, Small.class)) {
            t0 = System.nanoTime();
            for (int i = 0; i < count; i++) {
              q.put(values[i]);
            }
            t1 = System.nanoTime();
            for (int i = 0; i < count; i++) {
              check(q.next() != null, "next() returned null");
            }
            t2 = System.nanoTime();
            check(q.poll() == null, "more messages than were put");
          }
        }
        case "batch" -> {
          List<String> batch = new ArrayList<>();
          for (int i = 0; i < count; i++) {
            batch.add("\"message number " + i + "\"");
          }
          try (FileQueue<String> q = FileQueue.open(dir, config)) {
            t0 = System.nanoTime();
            for (int i = 0; i < count; i += 1000) {
              q.putAll(batch.subList(i, i + 1000));
            }
            t1 = System.nanoTime();
            int n = 0;
            while (n < count) {
              List<String> got = q.poll(1000);
              check(!got.isEmpty(), "poll(1000) returned nothing after " + n);
              n += got.size();
            }
            t2 = System.nanoTime();
          }
        }
        default -> throw new IllegalArgumentException("unknown puts case " + c);
      }
    } finally {
      if (!Boolean.getBoolean("puts.keep")) {
        deleteTree(dir);
      }
    }
    return new double[] {count / ((t1 - t0) / 1e9), count / ((t2 - t1) / 1e9)};
  }

  /** No-sync class: the same messages appended then drained, beside Chronicle Queue. */
  void noSync() throws Exception {
    int count = Integer.getInteger("nosyncCount", 500_000);
    byte[][] records = new byte[1000][];
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < records.length; i++) {
      texts.add("{\"id\":" + i + ",\"name\":\"item-" + i + "\",\"score\":" + (i * 0.5) + "}");
      records[i] = texts.get(i).getBytes(StandardCharsets.UTF_8);
    }
    for (int round = 0; round < 2; round++) {
      Path dir = fresh("nosync");
      try (FileQueue<String> q = FileQueue.open(dir,
          QueueConfig.builder().writerMode(WriterMode.EXCLUSIVE).claimBatch(1024).build())) {
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) {
          q.put(texts.get(i % texts.size()));
        }
        long t1 = System.nanoTime();
        long n = 0;
        while (q.poll() != null) {
          n++;
        }
        long t2 = System.nanoTime();
        check(n == count, "nosync drained " + n);
        AppendRead chronicle = ChronicleQueuePeer.appendThenRead(records, count);
        System.out.printf("nosync %,d msgs: linebase put %,.0f/s, poll %,.0f/s (position persisted"
            + " per message); %s; %s%n", count, count / ((t1 - t0) / 1e9),
            count / ((t2 - t1) / 1e9), chronicle.append(), chronicle.read());
      }
    }
  }

  /** A small object message. */
  public record Small(int id, String name, double score) {}

  /** Every message fsynced before put returns, from 1 and 16 producer threads. */
  void durable() throws Exception {
    int perThread = 400;
    // With every put blocking until its fsync, N producers put at most N messages per fsync:
    // N x the raw fsync rate bounds any design, and is printed beside the 50x-Tape target.
    Rate fsync = FsyncProbe.measure(2);
    System.out.printf("raw fsync (100 B append + force): %,.0f/s%n", fsync.perSecond());
    for (int threads : new int[] {1, 16}) {
      Path tape = fresh("tape");
      QueueFile qf = new QueueFile.Builder(tape.toFile()).build();
      double tapeRate = rate(threads, perThread, i -> {
        synchronized (qf) {
          qf.add(("{\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8));
        }
      });
      qf.close();
      Path dir = fresh("lb");
      double lbRate;
      try (FileQueue<String> q = FileQueue.open(dir,
          QueueConfig.builder().durability(Durability.GROUP).build())) {
        lbRate = rate(threads, perThread * 4, i -> q.put("{\"i\":" + i + "}"));
      }
      Path dirSync = fresh("lbsync");
      double lbSyncRate;
      try (FileQueue<String> q = FileQueue.open(dirSync,
          QueueConfig.builder().durability(Durability.SYNC).build())) {
        lbSyncRate = rate(threads, perThread, i -> q.put("{\"i\":" + i + "}"));
      }
      Path db = fresh("sqlite").resolveSibling("q-" + System.nanoTime() + ".db");
      double sqliteRate;
      try (SqliteQueue<String> q = SqliteQueue.open(db,
          QueueConfig.builder().durability(Durability.SYNC).build())) {
        sqliteRate = rate(threads, perThread, i -> q.put("{\"i\":" + i + "}"));
      }
      System.out.printf("durable %2d threads: linebase GROUP %,.0f msg/s, linebase SYNC %,.0f msg/s,"
          + " tape %,.0f msg/s, sqlite FULL %,.0f msg/s; linebase GROUP / tape = %.1fx%n", threads,
          lbRate, lbSyncRate, tapeRate, sqliteRate, lbRate / tapeRate);
      double bound = threads * fsync.perSecond();
      System.out.printf("durable %2d threads: upper bound %d x raw fsync = %,.0f msg/s = %.1fx tape"
          + " (50x tape would be %,.0f msg/s); linebase GROUP reaches %.0f%% of the bound%n",
          threads, threads, bound, bound / tapeRate, 50 * tapeRate, 100 * lbRate / bound);
    }
  }

  /** One put in a throughput test. */
  @FunctionalInterface
  interface Put {
    void put(int i) throws Exception;
  }

  private static double rate(int threads, int perThread, Put put) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> ts = new ArrayList<>();
    AtomicLong failures = new AtomicLong();
    for (int t = 0; t < threads; t++) {
      int base = t * perThread;
      Thread th = new Thread(() -> {
        try {
          start.await();
          for (int i = 0; i < perThread; i++) {
            put.put(base + i);
          }
        } catch (Exception e) {
          failures.incrementAndGet();
          e.printStackTrace();
        }
      });
      th.start();
      ts.add(th);
    }
    long t0 = System.nanoTime();
    start.countDown();
    for (Thread th : ts) {
      th.join();
    }
    long t1 = System.nanoTime();
    check(failures.get() == 0, "failures: " + failures.get());
    return (double) threads * perThread / ((t1 - t0) / 1e9);
  }

  /**
   * 300 producer threads, 64 consumer threads; each producer makes 30 assignments of 300 rows to
   * one of 10 shared queues (2.7 million rows).
   */
  void interleaved() throws Exception {
    int producers = Integer.getInteger("producers", 300);
    int consumers = Integer.getInteger("consumers", 64);
    int queues = 10;
    int assignments = 30;
    int rows = 300;
    long total = (long) producers * assignments * rows;
    Path base = fresh("interleaved");
    List<FileQueue<String>> qs = new ArrayList<>();
    // The queue's default writer (SHARED: any number of producer processes) unless
    // -DwriterMode=EXCLUSIVE asks for the single-process writer.
    WriterMode mode = WriterMode.valueOf(System.getProperty("writerMode",
        QueueConfig.builder().build().writerMode().name()));
    for (int q = 0; q < queues; q++) {
      qs.add(FileQueue.open(base.resolve("q" + q), QueueConfig.builder().writerMode(mode)
          .claimBatch(256).build()));
    }
    Map<String, Boolean> seen = new ConcurrentHashMap<>();
    AtomicLong consumed = new AtomicLong();
    AtomicLong duplicates = new AtomicLong();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> ts = new ArrayList<>();
    for (int p = 0; p < producers; p++) {
      int producer = p;
      Thread th = new Thread(() -> {
        try {
          start.await();
          for (int a = 0; a < assignments; a++) {
            FileQueue<String> q = qs.get(ThreadLocalRandom.current().nextInt(queues));
            for (int r = 0; r < rows; r++) {
              q.put("{\"p\":" + producer + ",\"a\":" + a + ",\"r\":" + r + "}");
            }
          }
        } catch (Exception e) {
          e.printStackTrace();
        }
      });
      th.start();
      ts.add(th);
    }
    for (int c = 0; c < consumers; c++) {
      int first = c;
      Thread th = new Thread(() -> {
        try {
          start.await();
          int q = first % queues;
          while (consumed.get() < total) {
            List<String> got = qs.get(q).poll(100);
            for (String v : got) {
              if (seen.putIfAbsent(v, Boolean.TRUE) != null) {
                duplicates.incrementAndGet();
              }
            }
            consumed.addAndGet(got.size());
            if (got.isEmpty()) {
              q = (q + 1) % queues;
              Thread.onSpinWait();
            }
          }
        } catch (Exception e) {
          e.printStackTrace();
        }
      });
      th.start();
      ts.add(th);
    }
    long t0 = System.nanoTime();
    start.countDown();
    for (Thread th : ts) {
      th.join();
    }
    long t1 = System.nanoTime();
    for (FileQueue<String> q : qs) {
      q.close();
    }
    System.out.printf("interleaved (%s writer) %d producers x %d consumers, %,d rows: %.1f s, "
        + "lost %d, duplicated %d%n", mode, producers, consumers, total, (t1 - t0) / 1e9,
        total - seen.size(), duplicates.get());
  }

  private static DurableQueue<String> open(String driver, Path p, QueueConfig c)
      throws IOException {
    return driver.equals("sqlite") ? SqliteQueue.open(p.resolveSibling(p.getFileName() + ".db"), c)
        : FileQueue.open(p, c);
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException("benchmark check failed: " + what);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      s.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    }
  }
}
