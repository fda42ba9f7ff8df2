package dev.linebase.timelog;

import static dev.linebase.timelog.TimelogTesting.pairs;
import static dev.linebase.timelog.TimelogTesting.spans;
import static dev.linebase.timelog.TimelogTesting.timestamps;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalLong;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Seeded random operation sequences against a {@code TreeMap<Long, List<String>>} model. Run
 * with {@code -Dlinebase.seed=N} to replay a failure and {@code -Dlinebase.oracle.rounds=N} to
 * run longer.
 */
class TimelogOracleTest {
  private static final long[] EXTREMES = {Long.MIN_VALUE, Long.MIN_VALUE + 1, Long.MAX_VALUE - 1,
      Long.MAX_VALUE};

  private long seed;
  private Random rnd;
  private long clock;
  private int valueCounter;

  @Test
  void randomOperationsMatchTheModel() throws IOException {
    seed = Long.getLong("linebase.seed", System.nanoTime());
    int rounds = Integer.getInteger("linebase.oracle.rounds", 40);
    System.out.println("TimelogOracleTest seed " + seed + " rounds " + rounds);
    rnd = new Random(seed);
    for (int round = 0; round < rounds; round++) {
      runRound(round);
    }
  }

  private TimelogConfig randomConfig() {
    int memtable = 4 + rnd.nextInt(40);
    return TimelogConfig.builder()
        .memtableRecords(memtable)
        .outOfOrderRecords(1 + rnd.nextInt(memtable))
        .segmentRecords(1 + rnd.nextInt(30))
        .windowSize(1 + rnd.nextInt(300))
        .windowOrigin(rnd.nextInt(100) - 50)
        .l0CompactionTrigger(1 + rnd.nextInt(5))
        .sealedRunLimit(10_000)
        .maintenance(MaintenanceMode.MANUAL)
        .busyPolicy(BusyPolicy.SILENT)
        .build();
  }

  private long randomTs(NavigableMap<Long, List<String>> model) {
    int r = rnd.nextInt(100);
    if (r < 55) {
      clock += rnd.nextInt(4);
      return clock;
    }
    if (r < 80) {
      return clock - rnd.nextInt(60);
    }
    if (r < 92 && !model.isEmpty()) {
      Long k = model.ceilingKey(clock - rnd.nextInt(200));
      return k != null ? k : model.firstKey();
    }
    if (r < 96) {
      return EXTREMES[rnd.nextInt(EXTREMES.length)];
    }
    return rnd.nextInt(2000) - 500;
  }

  private long randomBound() {
    int r = rnd.nextInt(100);
    if (r < 5) {
      return EXTREMES[rnd.nextInt(EXTREMES.length)];
    }
    return clock - 300 + rnd.nextInt(400);
  }

  private static void modelDelete(NavigableMap<Long, List<String>> model, long lo, long hi) {
    model.subMap(lo, true, hi, true).clear();
  }

  private static NavigableMap<Long, List<String>> copy(NavigableMap<Long, List<String>> model) {
    NavigableMap<Long, List<String>> c = new TreeMap<>();
    for (Map.Entry<Long, List<String>> e : model.entrySet()) {
      c.put(e.getKey(), new ArrayList<>(e.getValue()));
    }
    return c;
  }

  private void runRound(int round) throws IOException {
    TimelogConfig config = randomConfig();
    clock = rnd.nextInt(1000) - 500;
    NavigableMap<Long, List<String>> model = new TreeMap<>();
    List<TimelogSnapshot<String>> snaps = new ArrayList<>();
    List<NavigableMap<Long, List<String>>> snapModels = new ArrayList<>();
    String where = "seed " + seed + " round " + round + " " + config;
    try (Timelog<String> log = Timelog.inMemory(config)) {
      int ops = 150 + rnd.nextInt(250);
      for (int op = 0; op < ops; op++) {
        String ctx = where + " op " + op;
        int r = rnd.nextInt(100);
        if (r < 50) {
          long t = randomTs(model);
          String v = "v" + valueCounter++;
          log.append(t, v);
          model.computeIfAbsent(t, k -> new ArrayList<>()).add(v);
        } else if (r < 60) {
          int n = 1 + rnd.nextInt(20);
          long[] ts = new long[n];
          List<String> vs = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            ts[i] = randomTs(model);
            vs.add("v" + valueCounter++);
          }
          BatchOrder order = rnd.nextBoolean() ? BatchOrder.MOSTLY_ORDERED : BatchOrder.UNORDERED;
          log.appendAll(ts, vs, order);
          if (order == BatchOrder.UNORDERED) {
            int[] perm = Sorting.stableOrder(ts, n);
            for (int i = 0; i < n; i++) {
              model.computeIfAbsent(ts[perm[i]], k -> new ArrayList<>()).add(vs.get(perm[i]));
            }
          } else {
            for (int i = 0; i < n; i++) {
              model.computeIfAbsent(ts[i], k -> new ArrayList<>()).add(vs.get(i));
            }
          }
        } else if (r < 67) {
          long a = randomBound();
          long b = randomBound();
          long lo = Math.min(a, b);
          long hi = Math.max(a, b);
          if (lo == hi) {
            log.delete(lo);
            modelDelete(model, lo, lo);
          } else {
            log.delete(lo, hi);
            modelDelete(model, lo, hi - 1);
          }
        } else if (r < 69) {
          long cutoff = clock - 100 - rnd.nextInt(300);
          log.deleteBefore(cutoff);
          model.headMap(cutoff, false).clear();
        } else if (r < 73) {
          log.flush();
        } else if (r < 75) {
          log.compact();
        } else if (r < 80) {
          log.maintenanceStep();
        } else if (r < 83 && snaps.size() < 3) {
          snaps.add(log.snapshot());
          snapModels.add(copy(model));
        } else if (r < 85 && !snaps.isEmpty()) {
          int i = rnd.nextInt(snaps.size());
          check(snaps.get(i), snapModels.get(i), ctx + " snapshot " + i);
          snaps.remove(i).close();
          snapModels.remove(i);
        } else {
          check(log, model, ctx);
        }
      }
      check(log, model, where + " end");
      log.validate();
      log.compact();
      log.validate();
      check(log, model, where + " after final compaction");
      assertThat(log.stats().records()).as(where).isEqualTo(log.count());
      for (int i = 0; i < snaps.size(); i++) {
        check(snaps.get(i), snapModels.get(i), where + " final snapshot " + i);
        snaps.get(i).close();
      }
    }
  }

  private static List<String> flatten(Map<Long, List<String>> m) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<Long, List<String>> e : m.entrySet()) {
      for (String v : e.getValue()) {
        out.add(e.getKey() + "=" + v);
      }
    }
    return out;
  }

  private static List<Long> keysWithDuplicates(Map<Long, List<String>> m) {
    List<Long> out = new ArrayList<>();
    for (Map.Entry<Long, List<String>> e : m.entrySet()) {
      for (int i = 0; i < e.getValue().size(); i++) {
        out.add(e.getKey());
      }
    }
    return out;
  }

  private static OptionalLong opt(Long k) {
    return k == null ? OptionalLong.empty() : OptionalLong.of(k);
  }

  private void check(TimelogReads<String> log, NavigableMap<Long, List<String>> model,
      String ctx) {
    assertThat(pairs(log.all())).as(ctx).isEqualTo(flatten(model));
    assertThat(log.count()).as(ctx).isEqualTo(keysWithDuplicates(model).size());
    assertThat(log.minTimestamp()).as(ctx).isEqualTo(opt(model.isEmpty() ? null : model.firstKey()));
    assertThat(log.maxTimestamp()).as(ctx).isEqualTo(opt(model.isEmpty() ? null : model.lastKey()));
    for (int i = 0; i < 4; i++) {
      long a = randomBound();
      long b = randomBound();
      NavigableMap<Long, List<String>> sub =
          a < b ? model.subMap(a, true, b, false) : new TreeMap<>();
      String rctx = ctx + " [" + a + ", " + b + ")";
      assertThat(pairs(log.range(a, b))).as(rctx).isEqualTo(flatten(sub));
      assertThat(log.count(a, b)).as(rctx).isEqualTo(keysWithDuplicates(sub).size());
      assertThat(spans(log.timestampSpans(a, b))).as(rctx).isEqualTo(keysWithDuplicates(sub));
      assertThat(pairs(log.since(a))).as(rctx).isEqualTo(flatten(model.tailMap(a, true)));
      assertThat(timestamps(log.until(b))).as(rctx)
          .isEqualTo(keysWithDuplicates(model.headMap(b, false)));
      assertThat(log.at(a)).as(rctx).isEqualTo(model.getOrDefault(a, List.of()));
      assertThat(log.nextTimestamp(a)).as(rctx).isEqualTo(opt(model.higherKey(a)));
      assertThat(log.prevTimestamp(b)).as(rctx).isEqualTo(opt(model.lowerKey(b)));
    }
    if (!model.isEmpty()) {
      Long c = model.ceilingKey(randomBound());
      long k = c == null ? model.firstKey() : c;
      assertThat(log.at(k)).as(ctx + " at " + k).isEqualTo(model.get(k));
    }
  }
}
