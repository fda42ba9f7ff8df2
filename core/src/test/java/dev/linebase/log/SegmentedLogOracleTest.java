package dev.linebase.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.linebase.io.Durability;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded random appends, batches, rolls, retention, reads and reopens, compared with an {@link
 * ArrayList}. Run with {@code -Dlinebase.seed=N} to repeat a failure, {@code
 * -Dlinebase.oracle.ops=N} to run longer.
 */
class SegmentedLogOracleTest {
  private static final int OPS = Integer.getInteger("linebase.oracle.ops", 1500);

  @TempDir Path dir;

  @Test
  void matchesAnArrayListModel() throws IOException {
    long seed = Long.getLong("linebase.seed", System.nanoTime());
    System.out.println("SegmentedLogOracleTest seed=" + seed);
    for (WriterMode mode : WriterMode.values()) {
      long t0 = System.nanoTime();
      run(seed, mode, dir.resolve(mode.name()));
      System.out.println(mode + " took " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }
  }

  private void run(long seed, WriterMode mode, Path logDir) throws IOException {
    Random rnd = new Random(seed);
    String ctx = "seed=" + seed + " mode=" + mode;
    List<String> model = new ArrayList<>();
    long first = 0;
    Durability[] policies = {Durability.NONE, Durability.group(8, 1), Durability.SYNC};
    LogConfig config = LogConfig.builder()
        .writerMode(mode)
        .durability(Durability.NONE)
        .segmentBytes(1000 + rnd.nextInt(8000))
        .build();
    SegmentedLog log = SegmentedLog.open(logDir, config);
    try {
      for (int op = 0; op < OPS; op++) {
        int kind = rnd.nextInt(100);
        if (kind < 45) {
          String v = value(rnd);
          long line = log.append(v);
          assertThat(line).as(ctx + " op " + op).isEqualTo(first + model.size());
          model.add(v);
        } else if (kind < 55) {
          int n = rnd.nextInt(6);
          List<byte[]> batch = new ArrayList<>();
          List<String> texts = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            String v = value(rnd);
            texts.add(v);
            batch.add(v.getBytes(StandardCharsets.UTF_8));
          }
          assertThat(log.appendAll(batch)).as(ctx + " op " + op)
              .isEqualTo(first + model.size());
          model.addAll(texts);
        } else if (kind < 75) {
          long end = first + model.size();
          long from = first + (model.isEmpty() ? 0 : (long) rnd.nextInt(model.size() + 1));
          int count = rnd.nextInt(300);
          try (LogReader r = log.reader(from)) {
            long line = from;
            for (int i = 0; i < count && line < end; i++, line++) {
              assertThat(r.next()).as(ctx + " op " + op + " line " + line).isTrue();
              assertThat(r.lineNumber()).isEqualTo(line);
              assertThat(r.text()).as(ctx + " op " + op + " line " + line)
                  .isEqualTo(model.get((int) (line - first)));
            }
            if (line == end) {
              assertThat(r.next()).as(ctx + " op " + op + " past end").isFalse();
            }
          }
        } else if (kind < 80) {
          log.roll();
        } else if (kind < 83) {
          long cut = first + (model.isEmpty() ? 0 : (long) rnd.nextInt(model.size() + 1));
          log.deleteBefore(cut);
          long newFirst = log.firstLine();
          assertThat(newFirst).as(ctx + " op " + op).isBetween(first, Math.max(first, cut));
          model.subList(0, (int) (newFirst - first)).clear();
          if (newFirst > 0) {
            long gone = newFirst - 1;
            SegmentedLog current = log;
            assertThatThrownBy(() -> current.reader(gone)).isInstanceOf(LogTruncatedException.class);
          }
          first = newFirst;
        } else if (kind < 88) {
          log.close();
          log = SegmentedLog.open(logDir, config.toBuilder()
              .durability(policies[rnd.nextInt(policies.length)]).build());
          assertThat(log.recovery().cut()).as(ctx + " op " + op).isFalse();
          assertThat(log.firstLine()).as(ctx + " op " + op).isEqualTo(first);
        } else {
          assertThat(log.endLine()).as(ctx + " op " + op).isEqualTo(first + model.size());
        }
      }
      List<String> all = new ArrayList<>();
      try (LogReader r = log.reader(first)) {
        while (r.next()) {
          all.add(r.text());
        }
      }
      assertThat(all).as(ctx).isEqualTo(model);
    } finally {
      log.close();
    }
  }

  private static String value(Random rnd) {
    switch (rnd.nextInt(4)) {
      case 0:
        return Integer.toString(rnd.nextInt());
      case 1:
        return "\"" + "é€😀x".repeat(rnd.nextInt(5)) + "\"";
      case 2:
        return "{\"k\":" + rnd.nextInt(1000) + ",\"pad\":\"" + "p".repeat(rnd.nextInt(200)) + "\"}";
      default:
        return "[" + rnd.nextInt(10) + "]";
    }
  }
}
