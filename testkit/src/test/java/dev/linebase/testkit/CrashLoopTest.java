package dev.linebase.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrashLoopTest {
  @TempDir Path dir;

  @Test
  void everyAcknowledgedLineSurvivesKillsAfterRandomAckCounts() throws Exception {
    long seed = Seeds.seed("CrashLoopTest.acks");
    Random random = new Random(seed);
    Path file = dir.resolve("counting.txt");
    CrashLoop loop =
        CrashLoop.of(CountingWriter.class, KillSchedule.afterAcks(1, 200))
            .withArgs(file.toString(), "1000000");
    List<String> allAcked = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      CrashLoop.Round round = loop.runRound(i, random);
      assertThat(round.killed()).as("%s, %s", round, Seeds.describe(seed)).isTrue();
      assertThat(round.acked().size()).as("%s", round).isGreaterThanOrEqualTo((int) round.drawn());
      allAcked.addAll(round.acked());
      // The writer may have forced lines it was killed before acknowledging; the file holds
      // 0, 1, 2, ... with no gap and every acknowledged number among them.
      List<String> lines = completeLines(file);
      for (int n = 0; n < lines.size(); n++) {
        assertThat(lines.get(n)).as("line %d, %s", n, Seeds.describe(seed)).isEqualTo("" + n);
      }
      assertThat(lines).as("%s, %s", round, Seeds.describe(seed)).containsAll(allAcked);
    }
  }

  @Test
  void killsAfterARandomDelayFromTheFirstAck() throws Exception {
    long seed = Seeds.seed("CrashLoopTest.delay");
    Path file = dir.resolve("delay.txt");
    CrashLoop.Round round =
        CrashLoop.of(CountingWriter.class, KillSchedule.afterMillis(50, 150))
            .withArgs(round1 -> List.of(file.toString(), "100000000"))
            .runRound(0, new Random(seed));
    assertThat(round.killed()).isTrue();
    assertThat(round.drawn()).isBetween(50L, 150L);
    assertThat(round.acked()).isNotEmpty();
    assertThat(completeLines(file)).startsWith(round.acked().toArray(new String[0]));
  }

  @Test
  void aWriterThatFinishesFirstEndsTheRoundNormally() throws Exception {
    Path file = dir.resolve("short.txt");
    CrashLoop.Round round =
        CrashLoop.of(CountingWriter.class, KillSchedule.afterAcks(100, 100))
            .withArgs(file.toString(), "5")
            .runRound(0, new Random(1));
    assertThat(round.end()).isEqualTo(CrashLoop.End.EXITED);
    assertThat(round.exitCode()).isZero();
    assertThat(round.acked()).containsExactly("0", "1", "2", "3", "4");
  }

  @Test
  void aFailingWriterFailsTheRoundWithItsOutput() {
    CrashLoop loop =
        CrashLoop.of(ScriptedChild.class, KillSchedule.afterAcks(1, 1))
            .withArgs("err:writer exploded", "exit:7");
    assertThatThrownBy(() -> loop.runRound(0, new Random(1)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("exit code 7")
        .hasMessageContaining("writer exploded");
  }

  private static List<String> completeLines(Path file) throws Exception {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
    lines.remove(lines.size() - 1); // the part after the last '\n' is torn or empty
    return lines;
  }
}
