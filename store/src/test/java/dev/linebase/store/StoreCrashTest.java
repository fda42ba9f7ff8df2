package dev.linebase.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.linebase.jsonl.Codec;
import dev.linebase.testkit.CrashLoop;
import dev.linebase.testkit.KillSchedule;
import dev.linebase.testkit.Seeds;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A child JVM writing in each mode is killed with {@code kill -9} at a seeded random moment, round
 * after round on the same directory: every acknowledged write survives, the store reopens (the
 * dead writer's lock is stale), and every document present is one that was written whole.
 * Each mode runs with fsync ({@code Durability.SYNC}) and without ({@code NONE}, the mapped WAL).
 * Rounds per case: {@code -Dlinebase.crash.rounds} (default 3).
 */
class StoreCrashTest {
  static final int ROUNDS = Integer.getInteger("linebase.crash.rounds", 3);
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(WriteMode.class)
  void acknowledgedWritesSurviveKill(WriteMode mode) throws IOException {
    killRounds(mode, "sync");
  }

  /**
   * Under {@code Durability.NONE} the WAL is written through a memory map with a tail of spaces
   * (see {@code WalMapping}): a killed writer's acknowledged ops are in the page cache and survive,
   * and the padding or a half-copied line it leaves is cut on reopen.
   */
  @ParameterizedTest
  @EnumSource(WriteMode.class)
  void acknowledgedWritesSurviveKillThroughTheMappedWal(WriteMode mode) throws IOException {
    killRounds(mode, "none");
  }

  private void killRounds(WriteMode mode, String durability) throws IOException {
    long seed = Seeds.seed("StoreCrashTest." + mode + "." + durability);
    Random random = new Random(seed);
    CrashLoop loop = CrashLoop.of(StoreCrashWriter.class, KillSchedule.afterAcks(20, 400))
        .withArgs(round -> List.of(dir.toString(), mode.name(), Integer.toString(round), durability));
    for (int i = 0; i < ROUNDS; i++) {
      CrashLoop.Round round = loop.runRound(i, random);
      String why = mode + " " + durability + " " + round + ", " + Seeds.describe(seed);
      try (Store<JsonNode> s = Store.builder(dir, Codec.tree()).noCheckpointOnClose().open()) {
        for (String id : round.acked()) {
          assertThat(s.has(id)).as(why + ": acked " + id).isTrue();
        }
        for (Map.Entry<String, JsonNode> e : s.entries()) {
          String[] parts = e.getKey().split("-");
          assertThat(e.getValue().get("round").intValue()).as(why)
              .isEqualTo(Integer.parseInt(parts[0].substring(1)));
          int n = Integer.parseInt(parts[2]);
          assertThat(e.getValue().get("n").intValue()).as(why).isEqualTo(n);
          assertThat(e.getValue().get("pad").textValue()).as(why).hasSize(n % 50);
        }
      }
    }
  }
}
