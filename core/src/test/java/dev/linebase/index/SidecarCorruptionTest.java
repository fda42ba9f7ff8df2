package dev.linebase.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.linebase.testkit.FileDamage;
import dev.linebase.testkit.Seeds;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A damaged sidecar is never trusted: whatever byte is hit (every field of the header, the block
 * table, the checkpoints, the checksum) the index is rebuilt and answers like the oracle.
 */
class SidecarCorruptionTest {
  @TempDir Path dir;

  /** Field name and first byte, per the format table in {@link SidecarFormat}. */
  private static final Object[][] FIELDS = {
    {"magic", 0}, {"version", 4}, {"interval", 8}, {"flags", 12}, {"indexedBytes", 16},
    {"mtime", 24}, {"headCrc", 32}, {"tailCrc", 36}, {"totalLines", 40}, {"blockCount", 48},
    {"checkpointCount", 52}, {"blocks", 56},
  };

  private byte[] file;
  private Path data;
  private Path sidecar;
  private byte[] pristine;

  private void setUp(int threads) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 3000; i++) {
      sb.append("{\"i\":").append(i).append(",\"s\":\"").append("é".repeat(i % 5)).append("\"}\r\n");
    }
    sb.append("unterminated");
    file = sb.toString().getBytes(StandardCharsets.UTF_8);
    data = dir.resolve("c.jsonl");
    Files.write(data, file);
    sidecar = dir.resolve("c.jsonl.lbidx");
    try (LineIndex index = LineIndex.open(data, options().withSidecarMode(SidecarMode.MANUAL_SAVE)
        .withBuildThreads(threads).withMinBytesPerThread(1000))) {
      index.save();
    }
    pristine = Files.readAllBytes(sidecar);
  }

  private static LineIndexOptions options() {
    return LineIndexOptions.defaults().withCheckpointIntervalLines(16)
        .withSidecarMode(SidecarMode.READ_ONLY);
  }

  private void assertRebuiltAndCorrect(byte[] damaged, String what) throws IOException {
    Files.write(sidecar, damaged);
    assertRebuiltAndCorrect(what);
  }

  private void assertRebuiltAndCorrect(String what) throws IOException {
    try (LineIndex index = LineIndex.open(data, options())) {
      assertThat(index.openedFresh()).as(what).isFalse();
      LineIndexTest.assertMatchesOracle(index, file, what);
    }
  }

  @Test
  void intactSidecarIsFresh() throws IOException {
    setUp(3);
    try (LineIndex index = LineIndex.open(data, options())) {
      assertThat(index.openedFresh()).isTrue();
      LineIndexTest.assertMatchesOracle(index, file, "intact");
    }
  }

  @Test
  void bitFlipInEveryFieldMeansRebuild() throws IOException {
    long seed = Seeds.seed("bitFlipInEveryFieldMeansRebuild");
    Random r = new Random(seed);
    setUp(3);
    int offsetsStart = 56 + 12 * ByteBuffer.wrap(pristine).order(ByteOrder.LITTLE_ENDIAN).getInt(48);
    Object[][] fields = Arrays.copyOf(FIELDS, FIELDS.length + 2);
    fields[FIELDS.length] = new Object[] {"checkpoints", offsetsStart};
    fields[FIELDS.length + 1] = new Object[] {"checksum", pristine.length - 4};
    for (int f = 0; f < fields.length; f++) {
      int start = (Integer) fields[f][1];
      int end = f + 1 < FIELDS.length ? (Integer) fields[f + 1][1]
          : f == FIELDS.length - 1 ? offsetsStart
          : f == FIELDS.length ? pristine.length - 4 : pristine.length;
      for (int k = 0; k < 3; k++) {
        Files.write(sidecar, pristine);
        int at = start + r.nextInt(end - start);
        int bit = r.nextInt(8);
        FileDamage.flipBit(sidecar, at, bit);
        assertRebuiltAndCorrect(Seeds.describe(seed) + " field " + fields[f][0] + " byte " + at
            + " bit " + bit);
      }
    }
    for (int k = 0; k < 30; k++) {
      Files.write(sidecar, pristine);
      long at = FileDamage.randomOffset(sidecar, r);
      FileDamage.flipBit(sidecar, at, r.nextInt(8));
      assertRebuiltAndCorrect(Seeds.describe(seed) + " random byte " + at);
    }
    Files.write(sidecar, pristine);
    long from = FileDamage.randomOffset(sidecar, r);
    FileDamage.garbageToEnd(sidecar, from, r);
    assertRebuiltAndCorrect(Seeds.describe(seed) + " garbage from byte " + from);
  }

  @Test
  void truncatedEmptyOrGarbageSidecarMeansRebuild() throws IOException {
    long seed = Seeds.seed("truncatedEmptyOrGarbageSidecarMeansRebuild");
    Random r = new Random(seed);
    setUp(1);
    assertRebuiltAndCorrect(new byte[0], "empty");
    assertRebuiltAndCorrect(Arrays.copyOf(pristine, 59), "header only");
    assertRebuiltAndCorrect(Arrays.copyOf(pristine, pristine.length - 1), "one byte short");
    assertRebuiltAndCorrect(Arrays.copyOf(pristine, pristine.length + 8), "eight bytes long");
    byte[] garbage = new byte[pristine.length];
    r.nextBytes(garbage);
    assertRebuiltAndCorrect(garbage, "seed " + seed + " garbage");
    Files.createDirectories(dir.resolve("dir-sidecar"));
    try (LineIndex index = LineIndex.open(data, options().withSidecarPath(dir.resolve("dir-sidecar")))) {
      LineIndexTest.assertMatchesOracle(index, file, "sidecar path is a directory");
    }
  }

  /** Rewrites the checksum so only the semantic checks stand between the edit and a reader. */
  private static byte[] resealed(byte[] b) {
    CRC32C crc = new CRC32C();
    crc.update(b, 0, b.length - 4);
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length - 4, (int) crc.getValue());
    return b;
  }

  @Test
  void intactChecksumWithWrongContentIsStillCaught() throws IOException {
    setUp(1);
    ByteBuffer p = ByteBuffer.wrap(pristine).order(ByteOrder.LITTLE_ENDIAN);
    int offsets = 56 + 12 * p.getInt(48);
    byte[] b = pristine.clone();
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 2);
    assertRebuiltAndCorrect(resealed(b), "version 2");
    b = pristine.clone();
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(40, p.getLong(40) - 1);
    assertRebuiltAndCorrect(resealed(b), "one line fewer");
    b = pristine.clone();
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(40, p.getLong(40) + 1);
    assertRebuiltAndCorrect(resealed(b), "one line more");
    b = pristine.clone();
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(12, 1);
    assertRebuiltAndCorrect(resealed(b), "last line flagged complete");
    int last = p.getInt(52) - 1;
    b = pristine.clone();
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN)
        .putLong(offsets + 8 * last, p.getLong(offsets + 8 * last) + 1);
    assertRebuiltAndCorrect(resealed(b), "last checkpoint moved by one byte");
    b = pristine.clone();
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(16, p.getLong(16) + 1);
    assertRebuiltAndCorrect(resealed(b), "indexed size one more");
  }

  @Test
  void checkpointOutsideTheSpotCheckNeverGivesAWrongLine() throws IOException {
    setUp(1);
    ByteBuffer p = ByteBuffer.wrap(pristine).order(ByteOrder.LITTLE_ENDIAN);
    int offsets = 56 + 12 * p.getInt(48);
    byte[] b = pristine.clone();
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(offsets + 8, p.getLong(offsets + 8) + 1);
    Files.write(sidecar, resealed(b));
    java.util.List<Oracle.Line> expected = Oracle.split(file);
    try (LineIndex index = LineIndex.open(data, options())) {
      int errors = 0;
      for (int n = 0; n < expected.size(); n++) {
        try {
          assertThat(index.readBytes(n)).as("line " + n).isEqualTo(expected.get(n).content());
        } catch (FileChangedException e) {
          assertThat(e).hasMessageContaining("line " + n).hasMessageContaining(data.toString());
          errors++;
        }
      }
      assertThat(errors).as("lines 16..31 start from the moved checkpoint").isEqualTo(16);
      assertThat(index.refresh()).isEqualTo(RefreshResult.REBUILT);
      LineIndexTest.assertMatchesOracle(index, file, "after refresh");
    }
  }
}
