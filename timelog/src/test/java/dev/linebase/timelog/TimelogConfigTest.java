package dev.linebase.timelog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TimelogConfigTest {

  @Test
  void windowLastTsIsTheEndOfTheWindowOfEveryTimestamp() {
    long seed = Long.getLong("linebase.seed", System.nanoTime());
    System.out.println("TimelogConfigTest seed " + seed);
    Random rnd = new Random(seed);
    for (int c = 0; c < 200; c++) {
      long size = 1 + (rnd.nextBoolean() ? rnd.nextInt(100) : Math.abs(rnd.nextLong() >>> 2));
      long origin = rnd.nextLong();
      TimelogConfig config = TimelogConfig.builder().windowSize(size).windowOrigin(origin).build();
      for (int i = 0; i < 50; i++) {
        long t = switch (i) {
          case 0 -> Long.MIN_VALUE;
          case 1 -> Long.MAX_VALUE;
          case 2 -> origin;
          default -> rnd.nextBoolean() ? rnd.nextLong() : origin + rnd.nextInt(1000) - 500;
        };
        long last = config.windowLastTs(t);
        String ctx = "seed " + seed + " size " + size + " origin " + origin + " t " + t;
        assertThat(last).as(ctx).isGreaterThanOrEqualTo(t);
        assertThat(config.windowOf(last)).as(ctx).isEqualTo(config.windowOf(t));
        if (last != Long.MAX_VALUE) {
          assertThat(config.windowOf(last + 1)).as(ctx).isEqualTo(config.windowOf(t) + 1);
        }
      }
    }
  }
}
