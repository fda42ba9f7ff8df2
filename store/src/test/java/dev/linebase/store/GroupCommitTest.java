package dev.linebase.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.linebase.io.Durability;
import dev.linebase.jsonl.Codec;
import dev.linebase.jsonl.Json;
import dev.linebase.testkit.Seeds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Group commit under concurrency: many threads writing in GROUP mode (with and without fsync, so
 * through both the mapped and the written WAL) are acknowledged only once their op is in the WAL
 * file, every op is there exactly once, each thread's ops in its order, the file's order is the
 * store's op order, and a reopen gives the oracle's state. A failing write or force fails every
 * caller of the group (and everything after it) and leaves memory equal to the disk. Ops per
 * thread scale with {@code -Dlinebase.stress.ops} (default 150).
 */
class GroupCommitTest {
  static final int OPS = Integer.getInteger("linebase.stress.ops", 150);
  @TempDir Path dir;

  enum Policy {
    NONE(Durability.NONE), SYNC(Durability.SYNC);

    final Durability durability;

    Policy(Durability d) {
      this.durability = d;
    }
  }

  static JsonNode value(int t, int n) {
    return Json.mapper().createObjectNode().put("t", t).put("n", n).put("pad", "x".repeat(n % 7));
  }

  /**
   * The committer has failed: with the disk healthy again, later calls still fail (the store must
   * be reopened) and do not touch memory.
   */
  private static void assertFailedForGood(Store<JsonNode> s, InMemoryBackend backend) {
    backend.failWal(InMemoryBackend.WalFault.NONE);
    assertThatThrownBy(() -> s.set("late", value(3, 0))).isInstanceOf(IOException.class);
    assertThat(s.has("late")).isFalse();
    assertThatThrownBy(() -> s.setAsync("late", value(3, 0)).get(30, TimeUnit.SECONDS))
        .hasRootCauseInstanceOf(IOException.class);
    assertThat(s.has("late")).isFalse();
  }

  /** One test thread's work; {@code t} is its index. */
  @FunctionalInterface
  private interface ThreadBody {
    void run(int t) throws Exception;
  }

  /** Runs {@code body} on threads {@code 0..n-1}, released together; returns what they threw. */
  private static List<Throwable> runTogether(int n, ThreadBody body) throws InterruptedException {
    List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> all = new ArrayList<>();
    for (int t = 0; t < n; t++) {
      int tt = t;
      Thread th = new Thread(() -> {
        try {
          start.await();
          body.run(tt);
        } catch (Throwable e) {
          errors.add(e);
        }
      });
      th.start();
      all.add(th);
    }
    start.countDown();
    for (Thread th : all) {
      th.join();
    }
    return errors;
  }

  /**
   * Every op of {@code threads} x {@link #OPS} is in the WAL once; the file's order is the store's
   * op order, and each thread's ops (data {@code t}, {@code n}) are in its order. Returns the
   * WAL's ops.
   */
  private static List<JsonNode> assertOneOrder(String why, Store<JsonNode> s, Path wal,
      int threads) throws IOException {
    List<JsonNode> file = linesOf(wal);
    assertThat(file).as(why + ": every op once").hasSize(threads * OPS);
    List<Operation> memory = s.ops(null);
    assertThat(memory).hasSize(file.size());
    int[] lastN = new int[threads];
    java.util.Arrays.fill(lastN, -1);
    for (int i = 0; i < file.size(); i++) {
      JsonNode op = file.get(i);
      assertThat(op.get("id").textValue()).as(why + " line " + i).isEqualTo(memory.get(i).id());
      int t = op.get("data").get("t").intValue();
      int n = op.get("data").get("n").intValue();
      assertThat(n).as(why + ": thread " + t + " order at line " + i).isGreaterThan(lastN[t]);
      lastN[t] = n;
    }
    return file;
  }

  @ParameterizedTest
  @EnumSource(Policy.class)
  void concurrentWritersAreAcknowledgedOnDiskExactlyOnceInOrder(Policy policy) throws Exception {
    long seed = Seeds.seed("GroupCommitTest.concurrent." + policy);
    String why = policy + ", " + Seeds.describe(seed);
    int threads = 8;
    Map<String, JsonNode> oracle = new ConcurrentHashMap<>();
    try (Store<JsonNode> s = Store.builder(dir, Codec.tree()).writeMode(WriteMode.GROUP)
        .durability(policy.durability).checkpointThreshold(0).noCheckpointOnClose().open()) {
      Path wal = dir.resolve(s.manifest().activeOps());
      List<Throwable> errors = runTogether(threads, tt -> {
        Random random = new Random(seed + tt);
        for (int i = 0; i < OPS; i++) {
          int n = i;
          String id = random.nextInt(4) == 0 ? "shared-" + random.nextInt(3) : "t" + tt + "-" + n;
          s.set(id, value(tt, n));
          if (random.nextInt(8) == 0) {
            // Acknowledged: the op's line is in the file now (a reader of the file sees it).
            assertThat(linesOf(wal)).as(why + ": acked " + id + " " + n)
                .anySatisfy(op -> {
                  assertThat(op.get("id").textValue()).isEqualTo(id);
                  assertThat(op.get("data")).isEqualTo(value(tt, n));
                });
          }
        }
      });
      assertThat(errors).as(why).isEmpty();
      List<JsonNode> file = assertOneOrder(why, s, wal, threads);
      byte[] bytes = Files.readAllBytes(wal);
      int end = 0;
      for (int i = 0; i < bytes.length; i++) {
        if (bytes[i] == '\n') {
          end = i + 1;
        }
      }
      for (int i = end; i < bytes.length; i++) {
        assertThat(bytes[i]).as(why + ": padding byte " + i).isEqualTo((byte) ' ');
      }
      for (JsonNode op : file) {
        oracle.put(op.get("id").textValue(), op.get("data"));
      }
      assertThat(OpslogInteropTest.dump(s)).as(why).isEqualTo(asObject(oracle));
      StoreStats st = s.stats();
      assertThat(st.walWrites()).as(why).isBetween(1L, (long) threads * OPS);
      if (policy == Policy.SYNC) {
        assertThat(st.walForces()).as(why).isEqualTo(st.walWrites());
      } else {
        assertThat(st.walForces()).as(why).isZero();
      }
    }
    try (Store<JsonNode> s = Store.builder(dir, Codec.tree()).readOnly().open()) {
      assertThat(OpslogInteropTest.dump(s)).as(why + ": reopened").isEqualTo(asObject(oracle));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"WRITE", "FORCE"})
  void aFailedGroupFailsEveryCallerAndMemoryMatchesTheDisk(String fault) throws Exception {
    InMemoryBackend backend = new InMemoryBackend();
    Path d = Path.of("/mem/store");
    StoreOptions.Builder<JsonNode> opts = Store.builder(d, Codec.tree()).backend(backend)
        .writeMode(WriteMode.GROUP).durability(Durability.SYNC).checkpointThreshold(0);
    try (Store<JsonNode> s = opts.open()) {
      s.set("a", value(0, 1));
      s.set("b", value(0, 2));
      s.set("a", value(0, 3)); // an update whose rollback must restore value(0, 3)
      backend.failWal(InMemoryBackend.WalFault.valueOf(fault));
      // Blocking writers and futures queued together: whichever group they land in fails, and
      // every later one fails too (the committer is sticky).
      int threads = 6;
      CountDownLatch start = new CountDownLatch(1);
      List<CompletableFuture<Void>> calls = new ArrayList<>();
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
      for (int t = 0; t < threads; t++) {
        int tt = t;
        calls.add(CompletableFuture.runAsync(() -> {
          try {
            start.await();
            s.set(tt % 2 == 0 ? "a" : "w" + tt, value(1, tt));
          } catch (IOException | InterruptedException e) {
            throw new java.util.concurrent.CompletionException(e);
          }
        }, pool));
      }
      start.countDown();
      for (int t = 0; t < 3; t++) {
        calls.add(s.setAsync("f" + t, value(2, t)));
      }
      for (CompletableFuture<Void> c : calls) {
        assertThatThrownBy(() -> c.get(30, TimeUnit.SECONDS)).as(fault)
            .isInstanceOf(ExecutionException.class).hasRootCauseInstanceOf(IOException.class);
      }
      pool.shutdown();
      // Every caller has failed; memory is what the WAL holds.
      Map<String, JsonNode> expected = new HashMap<>();
      expected.put("a", value(0, 3));
      expected.put("b", value(0, 2));
      assertThat(OpslogInteropTest.dump(s)).as(fault).isEqualTo(asObject(expected));
      assertThat(s.ops(null)).hasSize(3);
      // Later calls fail without touching memory; the store must be reopened.
      assertFailedForGood(s, backend);
    }
    try (Store<JsonNode> s = opts.open()) {
      Map<String, JsonNode> expected = new HashMap<>();
      expected.put("a", value(0, 3));
      expected.put("b", value(0, 2));
      assertThat(OpslogInteropTest.dump(s)).as(fault + ": reopened").isEqualTo(asObject(expected));
      s.set("c", value(4, 0)); // and it writes again
    }
    try (Store<JsonNode> s = opts.open()) {
      assertThat(s.count()).isEqualTo(3);
    }
  }

  @Test
  void aFailedImmediateWriteFailsOnlyItsCallerAndTheStoreGoesOn() throws Exception {
    InMemoryBackend backend = new InMemoryBackend();
    Path d = Path.of("/mem/store");
    StoreOptions.Builder<JsonNode> opts = Store.builder(d, Codec.tree()).backend(backend)
        .writeMode(WriteMode.IMMEDIATE).durability(Durability.SYNC).checkpointThreshold(0)
        .noCheckpointOnClose();
    try (Store<JsonNode> s = opts.open()) {
      s.set("a", value(0, 1));
      backend.failWal(InMemoryBackend.WalFault.FORCE);
      assertThatThrownBy(() -> s.set("a", value(0, 2))).isInstanceOf(IOException.class);
      assertThat(s.get("a")).isEqualTo(value(0, 1));
      backend.failWal(InMemoryBackend.WalFault.NONE);
      s.set("b", value(0, 3));
    }
    try (Store<JsonNode> s = opts.open()) {
      assertThat(s.get("a")).isEqualTo(value(0, 1));
      assertThat(s.get("b")).isEqualTo(value(0, 3));
      assertThat(s.ops(null)).hasSize(2);
    }
  }

  /**
   * GROUP without fsync: a sole writer writes its own chunk on its own thread (no hand-off), and a
   * failure of that inline write (a set or a batch) fails exactly that call, rolls back exactly its
   * ops, and fails the store as a failed group does.
   */
  @Test
  void aFailedInlineGroupWriteRollsBackExactlyItsOpsAndFailsTheStore() throws Exception {
    InMemoryBackend backend = new InMemoryBackend();
    Path d = Path.of("/mem/store");
    StoreOptions.Builder<JsonNode> opts = Store.builder(d, Codec.tree()).backend(backend)
        .writeMode(WriteMode.GROUP).durability(Durability.NONE).checkpointThreshold(0);
    try (Store<JsonNode> s = opts.open()) {
      List<Thread> writers = new java.util.concurrent.CopyOnWriteArrayList<>();
      backend.beforeWalWrite(() -> writers.add(Thread.currentThread()));
      s.set("a", value(0, 1));
      s.set("b", value(0, 2));
      s.set("a", value(0, 3));
      assertThat(writers).isNotEmpty().containsOnly(Thread.currentThread());
      assertThat(s.stats().walWrites()).isEqualTo(3);
      backend.failWal(InMemoryBackend.WalFault.WRITE);
      assertThatThrownBy(() -> s.batch(b -> {
        b.set("a", value(1, 1));
        b.set("c", value(1, 2));
        b.delete("b");
      })).isInstanceOf(IOException.class);
      Map<String, JsonNode> expected = new HashMap<>();
      expected.put("a", value(0, 3));
      expected.put("b", value(0, 2));
      assertThat(OpslogInteropTest.dump(s)).isEqualTo(asObject(expected));
      assertThat(s.ops(null)).extracting(Operation::id).containsExactly("a", "b", "a");
      // The committer has failed: later calls fail without touching memory.
      assertFailedForGood(s, backend);
    }
    try (Store<JsonNode> s = opts.open()) {
      Map<String, JsonNode> expected = new HashMap<>();
      expected.put("a", value(0, 3));
      expected.put("b", value(0, 2));
      assertThat(OpslogInteropTest.dump(s)).as("reopened").isEqualTo(asObject(expected));
      s.set("c", value(4, 0));
      assertThat(s.count()).isEqualTo(3);
    }
  }

  /**
   * GROUP without fsync: a blocking writer that finds a leader busy writing a group (here the
   * background flush of a future's op, held inside its write) does not write inline: it queues its
   * chunk behind that group and returns only after its own chunk is written, in log order.
   */
  @Test
  void aWriterFindingALeaderBusyQueuesBehindItsGroup() throws Exception {
    InMemoryBackend backend = new InMemoryBackend();
    Path d = Path.of("/mem/store");
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
    try (Store<JsonNode> s = Store.builder(d, Codec.tree()).backend(backend)
        .writeMode(WriteMode.GROUP).durability(Durability.NONE).checkpointThreshold(0)
        .noCheckpointOnClose().open()) {
      s.set("warm", value(0, 0));
      CountDownLatch entered = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      java.util.concurrent.atomic.AtomicBoolean armed = new java.util.concurrent.atomic.AtomicBoolean(true);
      List<Thread> writers = new java.util.concurrent.CopyOnWriteArrayList<>();
      backend.beforeWalWrite(() -> {
        writers.add(Thread.currentThread());
        if (armed.compareAndSet(true, false)) {
          entered.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      });
      CompletableFuture<Void> async = s.setAsync("x", value(1, 0));
      assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
      java.util.concurrent.Future<?> blocking = pool.submit(() -> {
        s.set("y", value(2, 0));
        return null;
      });
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (s.core().committer.pendingCount() < 1 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(s.core().committer.pendingCount()).as("y queued behind the busy leader").isEqualTo(1);
      assertThat(blocking.isDone()).isFalse();
      assertThat(async.isDone()).isFalse();
      release.countDown();
      blocking.get(30, TimeUnit.SECONDS);
      async.get(30, TimeUnit.SECONDS);
      assertThat(writers).hasSize(2);
      assertThat(writers.get(0).getName()).isEqualTo("linebase-store-group");
      List<String> file = new ArrayList<>();
      for (String line : new String(backend.readAll(d.resolve(s.manifest().activeOps())),
          StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank()) {
          file.add(Json.mapper().readTree(line).get("id").textValue());
        }
      }
      assertThat(file).containsExactly("warm", "x", "y");
      assertThat(s.ops(null)).extracting(Operation::id).containsExactly("warm", "x", "y");
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * GROUP without fsync, many threads mixing blocking sets (written inline when the committer is
   * idle) and futures (written by a background leader): every op is in the file exactly once when
   * acknowledged, in the store's op order, each thread's ops in its order.
   */
  @Test
  void inlineWritersAndFuturesFromManyThreadsKeepOneOrder() throws Exception {
    long seed = Seeds.seed("GroupCommitTest.inlineAndFutures");
    String why = Seeds.describe(seed);
    int threads = 8;
    try (Store<JsonNode> s = Store.builder(dir, Codec.tree()).writeMode(WriteMode.GROUP)
        .durability(Durability.NONE).checkpointThreshold(0).noCheckpointOnClose().open()) {
      Path wal = dir.resolve(s.manifest().activeOps());
      List<Throwable> errors = runTogether(threads, tt -> {
        Random random = new Random(seed + tt);
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (int i = 0; i < OPS; i++) {
          String id = "t" + tt + "-" + i;
          if (random.nextInt(3) == 0) {
            futures.add(s.setAsync(id, value(tt, i)));
          } else {
            s.set(id, value(tt, i));
            if (random.nextInt(8) == 0) {
              assertThat(linesOf(wal)).as(why + ": acked " + id)
                  .anySatisfy(op -> assertThat(op.get("id").textValue()).isEqualTo(id));
            }
          }
        }
        for (CompletableFuture<Void> f : futures) {
          f.get(30, TimeUnit.SECONDS);
        }
      });
      assertThat(errors).as(why).isEmpty();
      assertOneOrder(why, s, wal, threads);
      assertThat(s.stats().walWrites()).as(why).isBetween(1L, (long) threads * OPS);
    }
    try (Store<JsonNode> s = Store.builder(dir, Codec.tree()).readOnly().open()) {
      assertThat(s.count()).as(why + ": reopened").isEqualTo(threads * OPS);
    }
  }

  static com.fasterxml.jackson.databind.node.ObjectNode asObject(Map<String, JsonNode> m) {
    com.fasterxml.jackson.databind.node.ObjectNode out = Json.mapper().createObjectNode();
    new java.util.TreeMap<>(m).forEach(out::set);
    return out;
  }

  /** The complete op lines of a WAL file as a reader of the file sees them (ignoring padding). */
  static List<JsonNode> linesOf(Path wal) throws IOException {
    String text = new String(Files.readAllBytes(wal), StandardCharsets.UTF_8);
    List<JsonNode> out = new ArrayList<>();
    int from = 0;
    for (int nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
      String line = text.substring(from, nl);
      if (!line.isBlank()) {
        out.add(Json.mapper().readTree(line));
      }
      from = nl + 1;
    }
    return out;
  }
}
