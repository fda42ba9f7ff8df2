package dev.linebase.timelog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TombstoneSetTest {

  @Test
  void overlappingDeletesWithTheSameThresholdCoalesce() {
    TombstoneSet t = TombstoneSet.EMPTY.add(10, 29, 5).add(20, 49, 5);
    assertThat(t.size()).isEqualTo(1);
    assertThat(t.lo(0)).isEqualTo(10);
    assertThat(t.hi(0)).isEqualTo(49);
    assertThat(t.problem()).isNull();
  }

  @Test
  void overlapTakesTheLargerThreshold() {
    TombstoneSet t = TombstoneSet.EMPTY.add(10, 29, 5).add(20, 49, 8);
    assertThat(t.toString()).isEqualTo("[[10, 19]@5, [20, 49]@8]");
    assertThat(t.hides(15, 4)).isTrue();
    assertThat(t.hides(15, 6)).isFalse();
    assertThat(t.hides(25, 6)).isTrue();
    assertThat(t.hides(50, 0)).isFalse();
  }

  @Test
  void adjacentPiecesWithEqualThresholdMergeAndExtremesWork() {
    TombstoneSet t = TombstoneSet.EMPTY.add(Long.MIN_VALUE, -1, 3).add(0, Long.MAX_VALUE, 3);
    assertThat(t.size()).isEqualTo(1);
    assertThat(t.hides(Long.MAX_VALUE, 2)).isTrue();
    assertThat(t.hides(Long.MIN_VALUE, 2)).isTrue();
    assertThat(t.hides(Long.MIN_VALUE, 3)).isFalse();
  }

  @Test
  void relabelRaisesOnlyTheGivenThreshold() {
    TombstoneSet t = TombstoneSet.EMPTY.add(0, 9, 1).add(20, 29, 3).relabel(3, 4).add(25, 39, 4);
    assertThat(t.toString()).isEqualTo("[[0, 9]@1, [20, 39]@4]");
  }

  @Test
  void emptyRangeIsRejected() {
    assertThatThrownBy(() -> TombstoneSet.EMPTY.add(5, 4, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void matchesAPointwiseModel() {
    long seed = Long.getLong("linebase.seed", System.nanoTime());
    System.out.println("TombstoneSetTest seed " + seed);
    Random rnd = new Random(seed);
    for (int round = 0; round < 200; round++) {
      long[] model = new long[64];
      java.util.Arrays.fill(model, Long.MIN_VALUE);
      TombstoneSet t = TombstoneSet.EMPTY;
      long seq = 0;
      for (int op = 0; op < 12; op++) {
        int a = rnd.nextInt(64);
        int b = a + rnd.nextInt(64 - a);
        seq += rnd.nextInt(3);
        t = t.add(a, b, seq);
        for (int i = a; i <= b; i++) {
          model[i] = Math.max(model[i], seq);
        }
        assertThat(t.problem()).as("seed %d", seed).isNull();
      }
      for (int i = 0; i < 64; i++) {
        int p = t.find(i);
        long thr = p < 0 ? Long.MIN_VALUE : t.threshold(p);
        assertThat(thr).as("seed %d round %d ts %d in %s", seed, round, i, t).isEqualTo(model[i]);
      }
    }
  }
}
