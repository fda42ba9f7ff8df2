package dev.linebase.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.linebase.io.Durability;
import dev.linebase.testkit.CrashLoop;
import dev.linebase.testkit.FileDamage;
import dev.linebase.testkit.KillSchedule;
import dev.linebase.testkit.Seeds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM ({@link LogAppenderChild}) appends under each durability policy and is killed with
 * {@code kill -9} at a random moment, round after round on the same directory. After each round
 * the log is reopened (recovered) and checked: every acknowledged record is present exactly once,
 * at the line its acknowledgement named, each round's records form a gap-free prefix in order,
 * every line is complete valid JSON, and appending continues.
 *
 * <p>A SIGKILL does not lose the OS page cache, so this shows process-crash durability, which even
 * {@code NONE} promises. For {@code GROUP} and {@code SYNC} some rounds also simulate a power loss
 * at the kill: every byte after the last acknowledged line is zeroed (what is not forced may be
 * lost; acknowledged lines were forced). {@code NONE} makes no power-loss claim, so it is not
 * tested that way.
 *
 * <p>Rounds per policy: {@code -Dlinebase.crash.rounds} (default 10); seed: {@code
 * -Dlinebase.seed}.
 */
class SegmentedLogCrashTest {
  private static final int ROUNDS = Integer.getInteger("linebase.crash.rounds", 10);
  private static final String[] STYLES = {"single", "batch", "async"};

  @TempDir Path dir;

  @Test
  void none() throws IOException {
    run("none", Durability.NONE);
  }

  /**
   * The {@link WriterMode#SHARED} writer under {@code NONE} appends through a mapping while it
   * holds the lock, so a kill leaves lines, perhaps a partial line, then a NUL run. A reader of
   * that state (another process's view) must return complete lines only, and the next shared
   * writer must cut the tail with its cheap torn-tail cut and go on.
   */
  @Test
  void sharedNone() throws IOException {
    run("none", Durability.NONE, WriterMode.SHARED);
  }

  @Test
  void group() throws IOException {
    run("group(32,2)", Durability.group(32, 2));
  }

  @Test
  void sync() throws IOException {
    run("sync", Durability.SYNC);
  }

  private void run(String policy, Durability durability) throws IOException {
    run(policy, durability, WriterMode.EXCLUSIVE);
  }

  private void run(String policy, Durability durability, WriterMode mode) throws IOException {
    long seed = Seeds.seed("SegmentedLogCrashTest." + durability + "." + mode);
    Random random = new Random(seed);
    String ctx = Seeds.describe(seed);
    Path logDir = dir.resolve("log");
    CrashLoop loop = CrashLoop.of(LogAppenderChild.class, KillSchedule.afterMillis(0, 250))
        .withArgs(round -> List.of(logDir.toString(), policy, mode.name(), "16384",
            "r" + round, "-1", STYLES[round % STYLES.length]));
    // Everything acknowledged so far: producer -> (i -> line).
    Map<String, Map<Long, Long>> acked = new HashMap<>();
    int nulTails = 0;
    for (int round = 0; round < ROUNDS; round++) {
      CrashLoop.Round r = loop.runRound(round, random);
      String rctx = ctx + ", " + policy + " " + mode + " " + r;
      Map<Long, Long> mine = acked.computeIfAbsent("r" + round, k -> new HashMap<>());
      long lastAckedLine = -1;
      for (String id : r.acked()) {
        String[] parts = id.split(":");
        long line = Long.parseLong(parts[2]);
        mine.put(Long.parseLong(parts[1]), line);
        lastAckedLine = Math.max(lastAckedLine, line);
      }
      if (durability.forces() && round % 2 == 1 && lastAckedLine >= 0) {
        losePowerAfter(logDir, lastAckedLine);
      }
      long t0 = System.nanoTime();
      if (mode == WriterMode.SHARED) {
        nulTails += endsInNul(logDir) ? 1 : 0;
        readAsAnotherProcess(logDir, rctx);
      }
      verify(logDir, acked, rctx, round, mode);
      System.out.println(rctx + " verified in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }
    if (mode == WriterMode.SHARED) {
      System.out.println(ctx + ": " + nulTails + " of " + ROUNDS + " kills left a NUL run");
      if (ROUNDS >= 10) {
        // The writer holds the lock, file extended, almost all the time it appends.
        assertThat(nulTails).as(ctx + ": kills that left a NUL run").isPositive();
      }
    }
  }

  private static boolean endsInNul(Path logDir) throws IOException {
    List<SegmentFiles.SegmentFile> files = SegmentFiles.list(logDir);
    byte[] bytes = Files.readAllBytes(files.get(files.size() - 1).path());
    return bytes.length > 0 && bytes[bytes.length - 1] == 0;
  }

  /** Zeroes every byte of the active segment after line {@code lastAckedLine}, if it is there. */
  private static void losePowerAfter(Path logDir, long lastAckedLine) throws IOException {
    List<SegmentFiles.SegmentFile> files = SegmentFiles.list(logDir);
    SegmentFiles.SegmentFile last = files.get(files.size() - 1);
    if (lastAckedLine < last.base()) {
      return;
    }
    byte[] bytes = Files.readAllBytes(last.path());
    long newlines = lastAckedLine - last.base() + 1;
    int end = 0;
    while (newlines > 0) {
      if (bytes[end++] == '\n') {
        newlines--;
      }
    }
    FileDamage.zero(last.path(), end, bytes.length - end);
  }

  /**
   * Reads the crashed log as a read-only log (what another process sees before any writer cuts
   * the tail): every line it returns is complete JSON, and it stops at the end without error.
   */
  private static void readAsAnotherProcess(Path logDir, String ctx) throws IOException {
    try (SegmentedLog ro = SegmentedLog.openReadOnly(logDir); LogReader reader = ro.reader(0)) {
      long line = 0;
      while (reader.next()) {
        assertThat(reader.lineNumber()).as(ctx).isEqualTo(line);
        assertThat(reader.value(JsonNode.class).get("i")).as(ctx + ": line " + line).isNotNull();
        line++;
      }
      assertThat(line).as(ctx + ": read-only endLine").isEqualTo(ro.endLine());
    }
  }

  private static void verify(Path logDir, Map<String, Map<Long, Long>> acked, String ctx,
      int round, WriterMode mode) throws IOException {
    Map<String, Long> next = new HashMap<>();
    Map<String, Map<Long, Long>> found = new HashMap<>();
    long checkLine;
    // A shared writer recovers with its cheap torn-tail cut, an exclusive one with the full scan.
    LogConfig config = mode == WriterMode.SHARED
        ? LogConfig.builder().writerMode(WriterMode.SHARED).durability(Durability.NONE)
            .segmentBytes(16384).build()
        : LogConfig.builder().durability(Durability.SYNC).segmentBytes(16384).build();
    try (SegmentedLog log = SegmentedLog.open(logDir, config)) {
      try (LogReader reader = log.reader(0)) {
        long line = 0;
        while (reader.next()) {
          assertThat(reader.lineNumber()).as(ctx).isEqualTo(line);
          JsonNode n = reader.value(JsonNode.class);
          String p = n.get("p").asText();
          long i = n.get("i").asLong();
          assertThat(i).as(ctx + ": order of " + p + " at line " + line)
              .isEqualTo(next.getOrDefault(p, 0L));
          next.put(p, i + 1);
          found.computeIfAbsent(p, k -> new HashMap<>()).put(i, line);
          line++;
        }
        assertThat(line).as(ctx + ": endLine").isEqualTo(log.endLine());
      }
      // Readers starting mid-log use the reopened log's checkpoints and sidecars, which must
      // describe the recovered files, not an earlier open's.
      Random pick = new Random(round);
      for (int k = 0; k < 20 && log.endLine() > 0; k++) {
        long from = (long) (pick.nextDouble() * log.endLine());
        try (LogReader reader = log.reader(from)) {
          assertThat(reader.next()).as(ctx + ": reader(" + from + ")").isTrue();
          assertThat(reader.lineNumber()).as(ctx).isEqualTo(from);
          JsonNode n = reader.value(JsonNode.class);
          assertThat(found.get(n.get("p").asText()).get(n.get("i").asLong()))
              .as(ctx + ": line read by reader(" + from + ")").isEqualTo(from);
        }
      }
      for (Map.Entry<String, Map<Long, Long>> e : acked.entrySet()) {
        Map<Long, Long> present = found.getOrDefault(e.getKey(), Map.of());
        for (Map.Entry<Long, Long> a : e.getValue().entrySet()) {
          assertThat(present.get(a.getKey()))
              .as(ctx + ": acknowledged " + e.getKey() + ":" + a.getKey())
              .isEqualTo(a.getValue());
        }
      }
      checkLine = log.append(new String(LogAppenderChild.record("check", round)));
      assertThat(checkLine).as(ctx).isEqualTo(log.endLine() - 1);
    }
    acked.computeIfAbsent("check", k -> new HashMap<>()).put((long) round, checkLine);
  }
}
