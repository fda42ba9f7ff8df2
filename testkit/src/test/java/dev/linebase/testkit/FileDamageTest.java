package dev.linebase.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileDamageTest {
  @TempDir Path dir;

  private Path fileOf(int size) throws Exception {
    byte[] bytes = new byte[size];
    for (int i = 0; i < size; i++) {
      bytes[i] = (byte) ('a' + i % 26);
    }
    return Files.write(dir.resolve("f" + size), bytes);
  }

  @Test
  void truncateAndTruncateBy() throws Exception {
    Path f = fileOf(100);
    byte[] original = Files.readAllBytes(f);
    FileDamage.truncate(f, 60);
    assertThat(Files.size(f)).isEqualTo(60);
    assertThat(FileDamage.truncateBy(f, 10)).isEqualTo(50);
    assertThat(Files.readAllBytes(f)).isEqualTo(Arrays.copyOf(original, 50));
    assertThatThrownBy(() -> FileDamage.truncate(f, 51))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("51");
    assertThatThrownBy(() -> FileDamage.truncateBy(f, 51))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void zeroOverwritesOnlyTheRange() throws Exception {
    Path f = fileOf(100);
    byte[] before = Files.readAllBytes(f);
    FileDamage.zero(f, 10, 5);
    byte[] after = Files.readAllBytes(f);
    for (int i = 0; i < 100; i++) {
      assertThat(after[i]).as("byte %d", i).isEqualTo(i >= 10 && i < 15 ? 0 : before[i]);
    }
    assertThatThrownBy(() -> FileDamage.zero(f, 98, 5))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void flipBitChangesOneBit() throws Exception {
    Path f = fileOf(10);
    byte[] before = Files.readAllBytes(f);
    FileDamage.flipBit(f, 3, 7);
    byte[] after = Files.readAllBytes(f);
    assertThat(after[3]).isEqualTo((byte) (before[3] ^ 0x80));
    after[3] = before[3];
    assertThat(after).isEqualTo(before);
    assertThatThrownBy(() -> FileDamage.flipBit(f, 10, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FileDamage.flipBit(f, 0, 8))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void garbageToEndKeepsThePrefixAndSizeAndIsReproducible() throws Exception {
    long seed = Seeds.seed("FileDamageTest.garbage");
    Path a = fileOf(200_000);
    Path b = Files.copy(a, dir.resolve("copy"));
    byte[] before = Files.readAllBytes(a);
    long from = FileDamage.randomOffset(a, new Random(seed));
    assertThat(FileDamage.garbageToEnd(a, from, new Random(seed))).isEqualTo(200_000 - from);
    FileDamage.garbageToEnd(b, from, new Random(seed));
    byte[] after = Files.readAllBytes(a);
    assertThat(after).hasSize(200_000);
    assertThat(Arrays.copyOf(after, (int) from)).isEqualTo(Arrays.copyOf(before, (int) from));
    assertThat(Files.readAllBytes(b)).as(Seeds.describe(seed)).isEqualTo(after);
    if (200_000 - from > 64) {
      assertThat(Arrays.copyOfRange(after, (int) from, 200_000))
          .as(Seeds.describe(seed))
          .isNotEqualTo(Arrays.copyOfRange(before, (int) from, 200_000));
    }
  }

  @Test
  void appendGarbageAndNuls() throws Exception {
    Path f = fileOf(10);
    byte[] before = Files.readAllBytes(f);
    FileDamage.appendNuls(f, 5);
    FileDamage.appendGarbage(f, 100_000, new Random(7));
    byte[] after = Files.readAllBytes(f);
    assertThat(after).hasSize(10 + 5 + 100_000);
    assertThat(Arrays.copyOf(after, 10)).isEqualTo(before);
    assertThat(Arrays.copyOfRange(after, 10, 15)).containsOnly(0);
    assertThat(Arrays.copyOfRange(after, 15, after.length)).contains((byte) '\n', (byte) 0xFF);
  }

  @Test
  void randomOffsetStaysInsideTheFile() throws Exception {
    Path f = fileOf(7);
    Random random = new Random(3);
    boolean[] seen = new boolean[7];
    for (int i = 0; i < 1000; i++) {
      long off = FileDamage.randomOffset(f, random);
      assertThat(off).isBetween(0L, 6L);
      seen[(int) off] = true;
      assertThat(FileDamage.randomOffset(f, 5, random)).isBetween(5L, 6L);
    }
    assertThat(seen).containsOnly(true);
    Path empty = Files.createFile(dir.resolve("empty"));
    assertThatThrownBy(() -> FileDamage.randomOffset(empty, random))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
