package dev.linebase.timelog;

import static dev.linebase.timelog.TimelogTesting.pairs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.linebase.io.CorruptFileException;
import dev.linebase.io.FileLock;
import dev.linebase.jsonl.Codec;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimelogDurableTest {
  @TempDir Path dir;

  private static TimelogConfig config() {
    return TimelogTesting.tinyDurable();
  }

  private Timelog<String> open() throws IOException {
    return Timelog.open(dir, config(), Codec.json(String.class));
  }

  private List<Path> files(Path sub) throws IOException {
    try (Stream<Path> s = Files.list(sub)) {
      return s.sorted().collect(Collectors.toList());
    }
  }

  @Test
  void recordsAndDeletesSurviveCloseAndReopen() throws IOException {
    List<String> expected;
    try (Timelog<String> log = open()) {
      for (long t = 0; t < 40; t++) {
        log.append(t % 7 == 0 ? 100 - t : t, "v" + t);
      }
      log.flush();
      log.delete(10, 20);
      log.append(15, "again");
      log.compact();
      log.append(5, "memtable\nline");
      log.deleteBefore(3);
      expected = pairs(log.all());
    }
    try (Timelog<String> log = open()) {
      assertThat(pairs(log.all())).isEqualTo(expected);
      assertThat(log.at(15)).containsExactly("again");
      assertThat(log.at(5)).containsExactly("v5", "memtable\nline");
      log.validate();
    }
  }

  @Test
  void walTailReplaysWhenNothingWasFlushed() throws IOException {
    Timelog<String> first = Timelog.open(dir,
        config().toBuilder().memtableRecords(1_000).outOfOrderRecords(100).build(),
        Codec.json(String.class));
    for (long t = 0; t < 50; t++) {
      first.append(50 - t, "v" + t);
    }
    first.delete(10, 12);
    List<String> expected = pairs(first.all());
    // Reopen the WAL copy without closing (no flush at close): copy the directory's files.
    Path copy = dir.resolveSibling(dir.getFileName() + "-copy");
    copyTree(dir, copy);
    first.close();
    try (Timelog<String> log = Timelog.open(copy, config(), Codec.json(String.class))) {
      assertThat(pairs(log.all())).isEqualTo(expected);
      assertThat(log.count()).isEqualTo(48);
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        if (p.getFileName().toString().equals(".lock")) {
          continue;
        }
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  @Test
  void oldWalSegmentsAreDeletedOnceFlushed() throws IOException {
    try (Timelog<String> log = open()) {
      for (long t = 0; t < 300; t++) {
        log.append(t, "value-" + t);
      }
      int before = files(TimelogFiles.wal(dir)).size();
      log.flush();
      int after = files(TimelogFiles.wal(dir)).size();
      assertThat(before).isGreaterThan(3);
      assertThat(after).isLessThan(before);
    }
  }

  @Test
  void secondWriterIsLockedOut() throws IOException {
    try (Timelog<String> log = open()) {
      log.append(1, "a");
      assertThatThrownBy(this::open).isInstanceOf(FileLock.LockedException.class);
    }
  }

  @Test
  void leftoverSegmentFilesAreDeletedOnOpen() throws IOException {
    try (Timelog<String> log = open()) {
      log.append(1, "a");
      log.flush();
    }
    Path orphan = TimelogFiles.segment(dir, 999);
    Files.write(orphan, new byte[] {1, 2, 3});
    Path tmp = TimelogFiles.segments(dir).resolve("x.seg.tmp");
    Files.write(tmp, new byte[] {1});
    try (Timelog<String> log = open()) {
      assertThat(log.at(1)).containsExactly("a");
    }
    assertThat(orphan).doesNotExist();
    assertThat(tmp).doesNotExist();
  }

  @Test
  void damagedSegmentIsReportedWithItsPath() throws IOException {
    try (Timelog<String> log = open()) {
      for (long t = 0; t < 5; t++) {
        log.append(t, "v" + t);
      }
      log.flush();
    }
    Path seg = files(TimelogFiles.segments(dir)).get(0);
    try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
      f.seek(SegmentFile.HEADER_BYTES + 3);
      int b = f.read();
      f.seek(SegmentFile.HEADER_BYTES + 3);
      f.write(b ^ 0x40);
    }
    assertThatThrownBy(this::open).isInstanceOf(CorruptFileException.class)
        .hasMessageContaining(seg.toString()).hasMessageContaining("checksum");
    // The failed open released the lock.
    Files.delete(seg);
    assertThatThrownBy(this::open).isInstanceOf(CorruptFileException.class)
        .hasMessageContaining("missing");
  }

  @Test
  void valueTheCodecCannotWriteStoresNothing() throws IOException {
    try (Timelog<Object> log = Timelog.open(dir, config(), Codec.json(Object.class))) {
      log.append(1, "ok");
      assertThatThrownBy(() -> log.appendAll(new long[] {2, 3}, List.of("fine", new Object())))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(log.count()).isEqualTo(1);
      log.append(4, "later");
    }
    try (Timelog<Object> log = Timelog.open(dir, config(), Codec.json(Object.class))) {
      assertThat(log.count()).isEqualTo(2);
    }
  }

  @Test
  void goldenSegmentFileOfVersion1StillReads() throws Exception {
    Path golden = Path.of(getClass().getResource("/formats/v1/00000000000000000007.seg").toURI());
    @SuppressWarnings("unchecked")
    Codec<Object> codec = (Codec<Object>) (Codec<?>) Codec.json(String.class);
    Segment s = SegmentFile.read(golden, codec);
    assertThat(s.id()).isEqualTo(7);
    assertThat(s.level()).isEqualTo(1);
    assertThat(s.size()).isEqualTo(4);
    assertThat(s.run().ts).containsExactly(Long.MIN_VALUE, -5, 10, Long.MAX_VALUE);
    assertThat(s.run().seq).containsExactly(3, 0, 1, 2);
    assertThat(s.run().values).containsExactly("min", "minus five", "ten \"quoted\"", "max");
    assertThat(s.run().filteredBelow).isEqualTo(4);
  }

  @Test
  void goldenManifestOfVersion1StillReads() throws Exception {
    Path golden = Path.of(getClass().getResource("/formats/v1/manifest.json").toURI());
    TimelogManifest m = TimelogManifest.read(golden);
    assertThat(m.replayFromLine()).isEqualTo(42);
    assertThat(m.nextSegmentId()).isEqualTo(9);
    assertThat(m.segments()).containsExactly(
        new TimelogManifest.Entry(8, 0, 3, -5, 70),
        new TimelogManifest.Entry(7, 1, 4, Long.MIN_VALUE, Long.MAX_VALUE));
    assertThat(m.tombstones().toString())
        .isEqualTo("[[" + Long.MIN_VALUE + ", -10]@12, [100, 199]@30]");
    Path copy = dir.resolve("manifest.json");
    m.write(copy);
    TimelogManifest again = TimelogManifest.read(copy);
    assertThat(again.segments()).isEqualTo(m.segments());
    assertThat(again.replayFromLine()).isEqualTo(42);
    assertThat(again.tombstones().toString()).isEqualTo(m.tombstones().toString());
  }
}
