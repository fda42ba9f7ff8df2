package dev.linebase.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.linebase.io.Durability;
import dev.linebase.testkit.FileDamage;
import dev.linebase.testkit.Seeds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Garbage from a random point to the end of the active segment (Kafka's log corruption test):
 * after recovery every record that ended before the damage survives, no line returned holds
 * garbage's NUL bytes, and the log appends and reads on. Iterations: {@code
 * -Dlinebase.corruption.rounds} (default 25); seed: {@code -Dlinebase.seed}.
 */
class SegmentedLogCorruptionTest {
  private static final int ROUNDS = Integer.getInteger("linebase.corruption.rounds", 25);

  @TempDir Path dir;

  @Test
  void garbageToTheEndOfTheActiveSegmentKeepsEveryEarlierRecord() throws IOException {
    long seed = Seeds.seed("SegmentedLogCorruptionTest");
    Random random = new Random(seed);
    for (int round = 0; round < ROUNDS; round++) {
      String ctx = Seeds.describe(seed) + ", round " + round;
      Path logDir = dir.resolve("r" + round);
      LogConfig config = LogConfig.builder().durability(Durability.NONE)
          .segmentBytes(2000 + random.nextInt(4000)).build();
      List<String> written = new ArrayList<>();
      try (SegmentedLog log = SegmentedLog.open(logDir, config)) {
        int n = 1 + random.nextInt(300);
        for (int i = 0; i < n; i++) {
          String v = "{\"i\":" + i + ",\"s\":\"" + "abcé".repeat(random.nextInt(20)) + "\"}";
          log.append(v);
          written.add(v);
        }
      }
      List<SegmentFiles.SegmentFile> files = SegmentFiles.list(logDir);
      SegmentFiles.SegmentFile active = files.get(files.size() - 1);
      if (Files.size(active.path()) == 0) {
        continue;
      }
      long from = FileDamage.randomOffset(active.path(), random);
      byte[] before = Files.readAllBytes(active.path());
      long intact = active.base();
      for (int k = 0; k < from; k++) {
        if (before[k] == '\n') {
          intact++;
        }
      }
      FileDamage.garbageToEnd(active.path(), from, random);

      try (SegmentedLog log = SegmentedLog.open(logDir, config)) {
        assertThat(log.endLine()).as(ctx).isGreaterThanOrEqualTo(intact);
        try (LogReader r = log.reader(0)) {
          for (long line = 0; line < intact; line++) {
            assertThat(r.next()).as(ctx + " line " + line).isTrue();
            assertThat(r.text()).as(ctx + " line " + line).isEqualTo(written.get((int) line));
          }
          while (r.next()) {
            assertThat(r.bytes()).as(ctx).doesNotContain((byte) 0, (byte) '\n');
          }
        }
        long next = log.append("\"after\"");
        try (LogReader r = log.reader(next)) {
          assertThat(r.next()).as(ctx).isTrue();
          assertThat(r.text()).isEqualTo("\"after\"");
        }
      }
    }
  }
}
