package dev.linebase.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.linebase.io.Durability;
import dev.linebase.jsonl.Codec;
import dev.linebase.testkit.Seeds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The space-padded WAL ({@link WalMapping}): appends of random sizes (some larger than a window,
 * so written through the channel), truncations (undo) and reopen give exactly the bytes the plain
 * write path gives; the tail past the last line is always spaces, never NUL; scans report the
 * padding as padding and a half-copied line (what a kill during a mapped copy leaves) as torn.
 */
class WalMappingTest {
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(WalMapping.Mode.class)
  void appendsAndTruncationsMatchAPlainFile(WalMapping.Mode mode) throws IOException {
    long seed = Seeds.seed("WalMappingTest." + mode);
    Random random = new Random(seed);
    String why = mode + ", " + Seeds.describe(seed);
    Path file = dir.resolve("ops-1.jsonl");
    Durability d = mode == WalMapping.Mode.MAP ? Durability.NONE : Durability.SYNC;
    StoreBackend backend = StoreBackend.fileSystem();
    java.io.ByteArrayOutputStream expected = new java.io.ByteArrayOutputStream();
    List<Long> lineStarts = new ArrayList<>();
    WalFile wal = WalFile.create(backend, file, d, mode);
    try {
      for (int i = 0; i < 250; i++) {
        int r = random.nextInt(100);
        if (r < 3 && !lineStarts.isEmpty()) {
          // undo: cut back to the start of a recent line
          long cut = lineStarts.remove(lineStarts.size() - 1);
          wal.truncate(cut);
          byte[] keep = Arrays.copyOf(expected.toByteArray(), (int) cut);
          expected.reset();
          expected.write(keep);
        } else if (r < 5) {
          // reopen for appending, as after a crash: the padding is cut
          wal.close();
          WalFile.Scan scan = WalFile.scan(backend, file, 0);
          assertThat(scan.tornBytes()).as(why).isZero();
          assertThat(scan.validEnd()).as(why).isEqualTo(expected.size());
          wal = WalFile.openForAppend(backend, file, scan.validEnd(), mode);
        } else {
          int len = r < 6 ? WalMapping.MAX_WINDOW_BYTES + random.nextInt(1000) : 1 + random.nextInt(300);
          byte[] line = line(i, len);
          lineStarts.add(wal.size());
          wal.append(line, 0, line.length);
          expected.write(line);
        }
        byte[] onDisk = Files.readAllBytes(file);
        assertThat(onDisk.length).as(why).isGreaterThanOrEqualTo(expected.size());
        assertThat(Arrays.copyOf(onDisk, expected.size())).as(why + " step " + i)
            .isEqualTo(expected.toByteArray());
        for (int k = expected.size(); k < onDisk.length; k++) {
          if (onDisk[k] != ' ') {
            throw new AssertionError(why + " step " + i + ": byte " + k + " past the end is "
                + onDisk[k] + ", not a space");
          }
        }
      }
      wal.force();
    } finally {
      wal.close();
    }
    assertThat(Files.readAllBytes(file)).as(why + ": closed without padding")
        .isEqualTo(expected.toByteArray());
  }

  /**
   * A WAL long enough for 1 MiB windows, whose next window is padded in the background while the
   * writer fills the current one: undo cuts, reopens and lines too large for a window (written
   * through the channel, over padding that may be being written) must all leave exactly the
   * written lines, then spaces.
   */
  @Test
  void longWalsPaddedAheadInTheBackgroundMatchAPlainFile() throws IOException {
    long seed = Seeds.seed("WalMappingTest.background");
    Random random = new Random(seed);
    String why = Seeds.describe(seed);
    Path file = dir.resolve("ops-2.jsonl");
    StoreBackend backend = StoreBackend.fileSystem();
    java.io.ByteArrayOutputStream expected = new java.io.ByteArrayOutputStream();
    List<Long> lineStarts = new ArrayList<>();
    WalFile wal = WalFile.create(backend, file, Durability.NONE, WalMapping.Mode.MAP);
    try {
      for (int i = 0; i < 6_000; i++) {
        int r = random.nextInt(1000);
        boolean check = i % 200 == 0;
        if (r < 10 && !lineStarts.isEmpty()) {
          long cut = lineStarts.remove(lineStarts.size() - 1);
          wal.truncate(cut);
          byte[] keep = Arrays.copyOf(expected.toByteArray(), (int) cut);
          expected.reset();
          expected.write(keep);
          check = true;
        } else if (r < 13) {
          wal.close();
          WalFile.Scan scan = WalFile.scan(backend, file, 0);
          assertThat(scan.tornBytes()).as(why).isZero();
          assertThat(scan.validEnd()).as(why).isEqualTo(expected.size());
          wal = WalFile.openForAppend(backend, file, scan.validEnd(), WalMapping.Mode.MAP);
        } else {
          int len = r < 18 ? WalMapping.MAX_WINDOW_BYTES + random.nextInt(1000)
              : 1 + random.nextInt(2_000);
          byte[] line = line(i, len);
          lineStarts.add(wal.size());
          wal.append(line, 0, line.length);
          expected.write(line);
          check |= len > WalMapping.MAX_WINDOW_BYTES;
        }
        if (check) {
          byte[] onDisk = Files.readAllBytes(file);
          assertThat(onDisk.length).as(why).isGreaterThanOrEqualTo(expected.size());
          assertThat(Arrays.mismatch(onDisk, 0, expected.size(), expected.toByteArray(), 0,
              expected.size())).as(why + " step " + i + ": first differing byte").isEqualTo(-1);
          for (int k = expected.size(); k < onDisk.length; k++) {
            if (onDisk[k] != ' ') {
              throw new AssertionError(why + " step " + i + ": byte " + k + " past the end is "
                  + onDisk[k] + ", not a space");
            }
          }
        }
      }
    } finally {
      wal.close();
    }
    assertThat(expected.size()).as("long enough for the largest windows")
        .isGreaterThan(4 * WalMapping.MAX_WINDOW_BYTES);
    assertThat(Arrays.mismatch(Files.readAllBytes(file), expected.toByteArray()))
        .as(why + ": closed without padding").isEqualTo(-1);
  }

  /** A valid op line of about {@code len} bytes (with its newline). */
  private static byte[] line(int i, int len) {
    String pad = "x".repeat(Math.max(0, len - 80));
    String s = "{\"ts\":\"2026-11-23T00:00:00.000Z\",\"op\":\"set\",\"id\":\"k" + i
        + "\",\"prev\":null,\"data\":\"" + pad + "\"}\n";
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void paddingIsNotTornButAHalfCopiedLineIsAndReopenCutsBoth() throws IOException {
    Path store = dir.resolve("store");
    String activeOps;
    try (Store<JsonNode> s = Store.builder(store, Codec.tree()).durability(Durability.NONE)
        .checkpointThreshold(0).noCheckpointOnClose().open()) {
      s.set("a", StoreTest.doc("{\"n\":1}"));
      s.set("b", StoreTest.doc("{\"n\":2}"));
      activeOps = s.manifest().activeOps();
    }
    Path wal = store.resolve(activeOps);
    long end = Files.size(wal);
    // What a killed mapped writer leaves: padding only.
    Files.write(wal, " ".repeat(5000).getBytes(StandardCharsets.US_ASCII), StandardOpenOption.APPEND);
    WalFile.Scan scan = WalFile.scan(StoreBackend.fileSystem(), wal, 0);
    assertThat(scan.entries()).hasSize(2);
    assertThat(scan.paddingBytes()).isEqualTo(5000);
    assertThat(scan.tornBytes()).isZero();
    try (Store<JsonNode> s = Store.builder(store, Codec.tree()).readOnly().open()) {
      assertThat(s.count()).isEqualTo(2);
    }
    try (Store<JsonNode> s = Store.builder(store, Codec.tree()).noCheckpointOnClose().open()) {
      assertThat(s.stats().tornBytesCut()).isZero();
      assertThat(s.count()).isEqualTo(2);
    }
    assertThat(Files.size(wal)).isEqualTo(end);
    // ... or a line cut short by the kill, then padding.
    String torn = "{\"ts\":\"2026-11-23T00:00:00.000Z\",\"op\":\"set\",\"id\":\"c\",\"pr";
    Files.write(wal, (torn + " ".repeat(3000)).getBytes(StandardCharsets.US_ASCII),
        StandardOpenOption.APPEND);
    scan = WalFile.scan(StoreBackend.fileSystem(), wal, 0);
    assertThat(scan.entries()).hasSize(2);
    assertThat(scan.tornBytes()).isEqualTo(torn.length() + 3000);
    try (Store<JsonNode> s = Store.builder(store, Codec.tree()).noCheckpointOnClose().open()) {
      assertThat(s.stats().tornBytesCut()).isEqualTo(torn.length() + 3000);
      assertThat(s.has("c")).isFalse();
      s.set("c", StoreTest.doc("{\"n\":3}"));
    }
    try (Store<JsonNode> s = Store.builder(store, Codec.tree()).readOnly().open()) {
      assertThat(s.count()).isEqualTo(3);
    }
  }
}
