package dev.linebase.bench.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.linebase.io.Durability;
import dev.linebase.jsonl.Json;
import dev.linebase.store.Store;
import dev.linebase.store.WriteMode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The store workload of issue 5, Linebase and (when {@code --opslog DIR} names an npm prefix
 * holding {@code @backloghq/opslog@0.8.1}) the Node original in the same run: sequential awaited
 * sets of a 4-field document in each write mode, checkpoints off and at the default threshold
 * (100), fsync off (the original's durability) and on; reopen of 100,000 records; GROUP with 64
 * concurrent writers under fsync; the disk's raw fsync rate. Prints a Markdown table.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.linebase.bench.store.StoreBench \
 *     [--count 100000] [--sync-count 3000] [--node-default-count 10000] [--opslog DIR] [--dir DIR]
 * java -Xmx4g -cp bench/target/benchmarks.jar dev.linebase.bench.store.StoreBench --big 10000000
 * </pre>
 */
public final class StoreBench {
  /** The benchmark document. */
  public record Task(String name, String status, int priority, List<String> tags) {}

  private static final List<String> TAGS = List.of("a", "b");

  private StoreBench() {}

  public static void main(String[] args) throws Exception {
    int count = 100_000;
    int syncCount = 3_000;
    int nodeDefaultCount = 10_000;
    long big = 0;
    int group64Only = 0;
    String seqOnly = null;
    String opslog = null;
    Path base = Paths.get(System.getProperty("java.io.tmpdir"));
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--count" -> count = Integer.parseInt(args[++i]);
        case "--sync-count" -> syncCount = Integer.parseInt(args[++i]);
        case "--node-default-count" -> nodeDefaultCount = Integer.parseInt(args[++i]);
        case "--opslog" -> opslog = args[++i];
        case "--dir" -> base = Paths.get(args[++i]);
        case "--big" -> big = Long.parseLong(args[++i]);
        case "--group64-only" -> group64Only = Integer.parseInt(args[++i]);
        case "--sequential-only" -> seqOnly = args[++i];
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Path root = Files.createTempDirectory(base, "store-bench");
    try {
      if (big > 0) {
        bigStore(root, (int) big);
        return;
      }
      if (group64Only > 0) {
        // Only the GROUP x64 measurement (ops per thread given), beside the raw fsync probe.
        concurrent(root.resolve("group64-warm"), 64, Math.max(1, group64Only / 4));
        double before = rawFsyncRate(root.resolve("raw"), 2_000);
        double rate = concurrent(root.resolve("group64"), 64, group64Only);
        double after = rawFsyncRate(root.resolve("raw2"), 2_000);
        System.out.printf("raw fsync %,.0f/s and %,.0f/s; GROUP x64 fsync on, %,d ops: %,.0f/s ="
            + " %.2f x 64 x mean raw (target 0.8); %,d fsyncs = %.1f ops per fsync%n", before,
            after, 64 * group64Only, rate, rate / (32 * (before + after)), lastConcurrentForces,
            64.0 * group64Only / lastConcurrentForces);
        return;
      }
      if (seqOnly != null) {
        // Only sequential awaited sets in one mode, fsync off, checkpoints off (best of 5).
        WriteMode mode = WriteMode.valueOf(seqOnly);
        warmUp(root.resolve("warm"));
        double best = 0;
        for (int r = 0; r < 5; r++) {
          best = Math.max(best, sequential(root.resolve("seq" + r), mode, 0, Durability.NONE, count));
        }
        System.out.printf("%s sequential awaited, fsync off, checkpoints off, %,d ops: best of 5"
            + " %,.0f/s%n", mode, count, best);
        if (opslog != null) {
          // The Node original in the same mode and run, best of 3, for the ratio.
          double nodeBest = 0;
          for (int r = 0; r < 3; r++) {
            JsonNode res = node(opslog, "bench", root.resolve("node-seq" + r),
                mode.name().toLowerCase(Locale.ROOT) + ",0," + count);
            nodeBest = Math.max(nodeBest, count / (res.get("ms").doubleValue() / 1000));
          }
          System.out.printf("opslog 0.8.1 %s, same workload: best of 3 %,.0f/s; ratio %.1fx"
              + " (target 10x)%n", mode.name().toLowerCase(Locale.ROOT), nodeBest, best / nodeBest);
        }
        return;
      }
      System.out.printf("JDK %s, %d cores%n%n", System.getProperty("java.version"),
          Runtime.getRuntime().availableProcessors());
      double fsyncRate = rawFsyncRate(root.resolve("raw"), 2_000);
      System.out.printf("raw fsync rate (100-byte append + force): %,.0f/s%n%n", fsyncRate);
      System.out.println("| store | mode | checkpoints | fsync | ops | ops/s |");
      System.out.println("|---|---|---|---|---:|---:|");
      warmUp(root.resolve("warm"));
      for (WriteMode mode : WriteMode.values()) {
        for (int threshold : new int[] {0, 100}) {
          for (Durability d : List.of(Durability.NONE, Durability.SYNC)) {
            int n = d.forces() ? syncCount : count;
            double rate = sequential(root.resolve(mode + "-" + threshold + "-" + d), mode, threshold, d, n);
            row("linebase", mode.name(), threshold, d.forces() ? "on" : "off", n, rate);
            if (threshold > 0 && !d.forces() && nodeDefaultCount != count) {
              // The same op count as the Node run at the default threshold, for a like-for-like ratio.
              rate = sequential(root.resolve(mode + "-" + threshold + "-short"), mode, threshold, d,
                  nodeDefaultCount);
              row("linebase", mode.name(), threshold, "off", nodeDefaultCount, rate);
            }
          }
        }
      }
      // 64 threads x max(500, syncCount / 4) ops, after a warm-up of the concurrent path.
      int per = Math.max(500, syncCount / 4);
      concurrent(root.resolve("group64-warm"), 64, per / 4);
      double group64 = concurrent(root.resolve("group64"), 64, per);
      row("linebase", "GROUP x64 threads", 0, "on", per * 64, group64);
      System.out.printf("%nGROUP x64: %,d fsyncs for %,d ops = %.1f ops per fsync%n",
          lastConcurrentForces, per * 64, per * 64.0 / lastConcurrentForces);
      double fsyncAfter = rawFsyncRate(root.resolve("raw2"), 2_000);
      System.out.printf("%nraw fsync rate again after the GROUP x64 run: %,.0f/s%n", fsyncAfter);
      System.out.printf("GROUP x64 with fsync: %.2f x 64 x the mean raw rate (target 0.8)%n",
          group64 / (64 * (fsyncRate + fsyncAfter) / 2));
      double reopenMs = reopen(root.resolve("reopen"), 100_000);
      System.out.printf("linebase reopen of 100,000 records: %.1f ms%n", reopenMs);
      if (opslog != null) {
        System.out.println();
        System.out.println("| store | mode | checkpoints | fsync | ops | ops/s |");
        System.out.println("|---|---|---|---|---:|---:|");
        for (String mode : List.of("immediate", "group", "async")) {
          for (int threshold : new int[] {0, 100}) {
            int n = threshold == 0 ? count : nodeDefaultCount;
            JsonNode r = node(opslog, "bench", root.resolve("node-" + mode + threshold),
                mode + "," + threshold + "," + n);
            row("opslog 0.8.1 (Node " + nodeVersion() + ")", mode, threshold, "never", n,
                n / (r.get("ms").doubleValue() / 1000));
          }
        }
        Path reopenDir = root.resolve("node-reopen");
        node(opslog, "bench", reopenDir, "immediate,0,0"); // creates the store
        try (Store<Task> s = Store.builder(reopenDir, Task.class).durability(Durability.NONE)
            .checkpointThreshold(0).open()) {
          s.batch(b -> {
            for (int i = 0; i < 100_000; i++) {
              b.set("id-" + i, task(i));
            }
          });
        }
        JsonNode r = node(opslog, "bench-reopen", reopenDir, null);
        System.out.printf("opslog reopen of %d records: %.1f ms%n", r.get("records").intValue(),
            r.get("ms").doubleValue());
      }
    } finally {
      deleteTree(root);
    }
  }

  static Task task(int i) {
    return new Task("task " + i, "open", i % 5, TAGS);
  }

  private static void row(String store, String mode, int threshold, String fsync, int n, double rate) {
    System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %,d | %,.0f |%n", store, mode,
        threshold == 0 ? "off" : "every " + threshold, fsync, n, rate);
  }

  private static void warmUp(Path dir) throws IOException {
    for (WriteMode mode : WriteMode.values()) {
      sequential(dir.resolve(mode.name()), mode, 100, Durability.NONE, 30_000);
    }
  }

  static double sequential(Path dir, WriteMode mode, int threshold, Durability d, int n)
      throws IOException {
    long t0;
    long t1;
    try (Store<Task> s = Store.builder(dir, Task.class).writeMode(mode).durability(d)
        .checkpointThreshold(threshold).noCheckpointOnClose().open()) {
      t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        s.set("id-" + i, task(i));
      }
      s.flush();
      t1 = System.nanoTime();
    }
    return n / ((t1 - t0) / 1e9);
  }

  static double concurrent(Path dir, int threads, int perThread) throws Exception {
    try (Store<Task> s = Store.builder(dir, Task.class).writeMode(WriteMode.GROUP)
        .durability(Durability.SYNC).checkpointThreshold(0).noCheckpointOnClose().open()) {
      CountDownLatch start = new CountDownLatch(1);
      List<Thread> all = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int tt = t;
        Thread th = new Thread(() -> {
          try {
            start.await();
            for (int i = 0; i < perThread; i++) {
              s.set("t" + tt + "-" + i, task(i));
            }
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
        th.start();
        all.add(th);
      }
      long t0 = System.nanoTime();
      start.countDown();
      for (Thread th : all) {
        th.join();
      }
      long t1 = System.nanoTime();
      lastConcurrentForces = s.stats().walForces();
      return threads * (double) perThread / ((t1 - t0) / 1e9);
    }
  }

  /** Group forces (fsyncs) the last {@link #concurrent} run made. */
  static long lastConcurrentForces;

  static double reopen(Path dir, int n) throws IOException {
    try (Store<Task> s = Store.builder(dir, Task.class).durability(Durability.NONE)
        .checkpointThreshold(0).open()) {
      s.batch(b -> {
        for (int i = 0; i < n; i++) {
          b.set("id-" + i, task(i));
        }
      });
    }
    double best = Double.MAX_VALUE;
    for (int round = 0; round < 5; round++) {
      long t0 = System.nanoTime();
      try (Store<Task> s = Store.builder(dir, Task.class).readOnly().open()) {
        if (s.count() != n) {
          throw new IllegalStateException("reopened " + s.count());
        }
        best = Math.min(best, (System.nanoTime() - t0) / 1e6);
      }
    }
    return best;
  }

  static double rawFsyncRate(Path file, long millis) throws IOException {
    Files.createDirectories(file.getParent());
    ByteBuffer line = ByteBuffer.wrap(new byte[100]);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND)) {
      long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
      long t0 = System.nanoTime();
      int n = 0;
      while (System.nanoTime() < end) {
        line.rewind();
        ch.write(line);
        ch.force(false);
        n++;
      }
      return n / ((System.nanoTime() - t0) / 1e9);
    }
  }

  /** Creates a store of {@code n} small documents, reopens it, reads, compacts; prints heap. */
  static void bigStore(Path dir, int n) throws IOException {
    Runtime rt = Runtime.getRuntime();
    System.out.printf("max heap %,d MiB%n", rt.maxMemory() >> 20);
    long t0 = System.nanoTime();
    try (Store<JsonNode> s = Store.builder(dir, dev.linebase.jsonl.Codec.tree())
        .durability(Durability.NONE).checkpointThreshold(0).open()) {
      int chunk = 100_000;
      for (int from = 0; from < n; from += chunk) {
        int f = from;
        s.batch(b -> {
          for (int i = f; i < Math.min(n, f + chunk); i++) {
            b.set("id-" + i, Json.mapper().createObjectNode().put("n", i).put("s", "open"));
          }
        });
        if ((from / chunk) % 10 == 9) {
          s.compact(); // every 1,000,000 documents: keeps the in-memory op list bounded
        }
      }
    }
    System.out.printf("wrote %,d documents in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
    System.gc();
    long t1 = System.nanoTime();
    try (Store<JsonNode> s = Store.builder(dir, dev.linebase.jsonl.Codec.tree())
        .durability(Durability.NONE).open()) {
      System.out.printf("opened %,d documents in %.1f s%n", s.count(), (System.nanoTime() - t1) / 1e9);
      System.gc();
      System.out.printf("heap used after open: %,d MiB%n", (rt.totalMemory() - rt.freeMemory()) >> 20);
      long t2 = System.nanoTime();
      long sum = 0;
      for (int i = 0; i < 1_000_000; i++) {
        sum += s.get("id-" + ((i * 7919L) % n)).get("n").longValue();
      }
      System.out.printf("1,000,000 random gets in %.1f s (checksum %d)%n",
          (System.nanoTime() - t2) / 1e9, sum);
      s.set("one-more", Json.mapper().createObjectNode().put("n", -1));
      long t3 = System.nanoTime();
      s.compact();
      System.out.printf("compacted in %.1f s; heap used %,d MiB%n", (System.nanoTime() - t3) / 1e9,
          (rt.totalMemory() - rt.freeMemory()) >> 20);
    }
  }

  private static String nodeVersion;

  private static String nodeVersion() throws IOException, InterruptedException {
    if (nodeVersion == null) {
      Process p = new ProcessBuilder("node", "--version").start();
      nodeVersion = new String(p.getInputStream().readAllBytes()).trim();
      p.waitFor();
    }
    return nodeVersion;
  }

  static JsonNode node(String prefix, String command, Path dir, String arg)
      throws IOException, InterruptedException {
    Path script = Paths.get("store/src/test/node/opslog-driver.mjs").toAbsolutePath();
    List<String> cmd = new ArrayList<>(List.of("node", script.toString(), command, dir.toString()));
    if (arg != null) {
      cmd.add(arg);
    }
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
    pb.environment().put("OPSLOG_MODULE",
        Paths.get(prefix, "node_modules/@backloghq/opslog/dist/index.js").toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes()).trim();
    if (p.waitFor() != 0) {
      throw new IOException("node " + cmd + " failed");
    }
    return Json.mapper().readTree(out.substring(out.lastIndexOf('\n') + 1));
  }

  static void deleteTree(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
