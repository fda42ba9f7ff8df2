package dev.linebase.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.linebase.testkit.Seeds;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded random files (random CR, LF, CRLF, BOM, multi-byte text, long lines, runs of blank
 * lines) indexed sequentially and in parallel, with many intervals and map chunk sizes, each
 * compared with {@link Oracle}.
 */
class LineIndexRandomTest {
  /** Multiplies iterations: {@code -Dlinebase.scale=N} for longer local runs. */
  private static final int SCALE = Integer.getInteger("linebase.scale", 1);

  @TempDir Path dir;

  static byte[] randomFile(Random r, int maxBytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (r.nextInt(4) == 0) {
      out.write(0xEF);
      out.write(0xBB);
      out.write(0xBF);
    }
    int target = r.nextInt(maxBytes + 1);
    while (out.size() < target) {
      switch (r.nextInt(10)) {
        case 0 -> out.write('\n');
        case 1 -> out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        case 2 -> out.write('\r');
        case 3 -> out.writeBytes("é日😀".getBytes(StandardCharsets.UTF_8));
        case 4 -> out.writeBytes("\n".repeat(r.nextInt(20)).getBytes(StandardCharsets.US_ASCII));
        case 5 -> out.writeBytes("x".repeat(r.nextInt(r.nextInt(3) == 0 ? 3000 : 30))
            .getBytes(StandardCharsets.US_ASCII));
        case 6 -> out.write(r.nextInt(256));
        default -> out.writeBytes(("{\"k\":" + r.nextInt(1_000_000) + "}\n")
            .getBytes(StandardCharsets.US_ASCII));
      }
    }
    return out.toByteArray();
  }

  @Test
  void parallelAndSequentialBuildsMatchTheOracle() throws IOException {
    long seed = Seeds.seed("parallelAndSequentialBuildsMatchTheOracle");
    Random r = new Random(seed);
    Path f = dir.resolve("r.jsonl");
    for (int round = 0; round < 100 * SCALE; round++) {
      byte[] file = randomFile(r, r.nextInt(5) == 0 ? 200_000 : 3_000);
      Files.write(f, file);
      int interval = 1 + r.nextInt(r.nextBoolean() ? 5 : 200);
      int chunk = r.nextBoolean() ? 8 + r.nextInt(5000) : 1 << 30;
      String ctx = "seed " + seed + " round " + round + " interval " + interval + " chunk " + chunk;
      LineIndexOptions base = LineIndexOptions.defaults().withCheckpointIntervalLines(interval)
          .withMapChunkBytes(chunk).withSidecarMode(SidecarMode.READ_ONLY);
      long seqLines;
      try (LineIndex seq = LineIndex.open(f, base.withBuildThreads(1))) {
        LineIndexTest.assertMatchesOracle(seq, file, ctx + " sequential");
        seqLines = seq.totalLines();
      }
      int threads = 2 + r.nextInt(6);
      try (LineIndex par = LineIndex.open(f, base.withBuildThreads(threads)
          .withMinBytesPerThread(1 + r.nextInt(100)))) {
        LineIndexTest.assertMatchesOracle(par, file, ctx + " threads " + threads);
        assertThat(par.totalLines()).as(ctx).isEqualTo(seqLines);
      }
    }
  }

  @Test
  void randomAppendsRefreshToTheOracle() throws IOException {
    long seed = Seeds.seed("randomAppendsRefreshToTheOracle");
    Random r = new Random(seed);
    Path f = dir.resolve("a.jsonl");
    for (int round = 0; round < 30 * SCALE; round++) {
      byte[] file = randomFile(r, 2000);
      Files.write(f, file);
      int interval = 1 + r.nextInt(20);
      LineIndexOptions o = LineIndexOptions.defaults().withCheckpointIntervalLines(interval)
          .withMapChunkBytes(r.nextBoolean() ? 16 + r.nextInt(300) : 1 << 30)
          .withBuildThreads(1 + r.nextInt(3)).withMinBytesPerThread(1 + r.nextInt(50));
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      all.writeBytes(file);
      try (LineIndex index = LineIndex.open(f, o)) {
        for (int step = 0; step < 10; step++) {
          byte[] more = randomFile(r, 500);
          if (more.length > 0 && more[0] == (byte) 0xEF) {
            more[0] = 'b';
          }
          Files.write(f, more, StandardOpenOption.APPEND);
          all.writeBytes(more);
          RefreshResult result = index.refresh();
          assertThat(result).as("seed " + seed + " round " + round + " step " + step)
              .isEqualTo(more.length == 0 ? RefreshResult.UNCHANGED : RefreshResult.APPENDED);
          LineIndexTest.assertMatchesOracle(index, all.toByteArray(),
              "seed " + seed + " round " + round + " step " + step);
        }
      }
      // Reopening from the sidecar written on close gives the same answers.
      try (LineIndex index = LineIndex.open(f, o)) {
        assertThat(index.openedFresh()).as("seed " + seed + " round " + round).isTrue();
        LineIndexTest.assertMatchesOracle(index, all.toByteArray(), "seed " + seed + " reopened");
      }
    }
  }
}
