package dev.linebase.timelog;

import static dev.linebase.timelog.TimelogTesting.pairs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.linebase.io.CorruptFileException;
import dev.linebase.io.Durability;
import dev.linebase.jsonl.Codec;
import dev.linebase.testkit.FileDamage;
import dev.linebase.testkit.Seeds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damage to sealed timelog files is reported with its place; a torn WAL tail is cut. */
class TimelogCorruptionTest {
  @TempDir Path dir;

  private static TimelogConfig config() {
    return TimelogTesting.tiny().toBuilder().durability(Durability.NONE).build();
  }

  private Timelog<String> open() throws IOException {
    return Timelog.open(dir, config(), Codec.json(String.class));
  }

  private List<String> writeAndFlush() throws IOException {
    try (Timelog<String> log = open()) {
      for (long t = 0; t < 20; t++) {
        log.append(t, "value-" + t);
      }
      log.compact();
      return pairs(log.all());
    }
  }

  private List<Path> segments() throws IOException {
    try (Stream<Path> s = Files.list(TimelogFiles.segments(dir))) {
      return s.sorted().collect(Collectors.toList());
    }
  }

  @Test
  void everyFlippedBitOfASegmentIsDetected() throws IOException {
    writeAndFlush();
    Random random = Seeds.random("TimelogCorruptionTest.flip");
    Path seg = segments().get(0);
    byte[] original = Files.readAllBytes(seg);
    for (int i = 0; i < 25; i++) {
      long offset = FileDamage.randomOffset(seg, random);
      FileDamage.flipBit(seg, offset, random.nextInt(8));
      assertThatThrownBy(this::open).as("bit flipped at byte %d", offset)
          .isInstanceOf(CorruptFileException.class)
          .hasMessageContaining(seg.toString());
      Files.write(seg, original);
    }
    try (Timelog<String> log = open()) {
      assertThat(log.count()).isEqualTo(20);
    }
  }

  @Test
  void truncatedSegmentIsDetected() throws IOException {
    writeAndFlush();
    Path seg = segments().get(0);
    FileDamage.truncateBy(seg, 3);
    assertThatThrownBy(this::open).isInstanceOf(CorruptFileException.class)
        .hasMessageContaining("file size");
  }

  @Test
  void damagedManifestIsDetected() throws IOException {
    writeAndFlush();
    Files.write(TimelogFiles.manifest(dir), "{\"format\":\"other\"}\n".getBytes(
        StandardCharsets.UTF_8));
    assertThatThrownBy(this::open).isInstanceOf(CorruptFileException.class)
        .hasMessageContaining("not a timelog manifest");
    Files.write(TimelogFiles.manifest(dir), "{not json".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(this::open).isInstanceOf(CorruptFileException.class)
        .hasMessageContaining("manifest is not JSON");
  }

  @Test
  void tornWalTailIsCutAndEarlierRecordsSurvive() throws IOException {
    TimelogConfig big = config().toBuilder().memtableRecords(1_000).outOfOrderRecords(10).build();
    List<String> expected;
    Path copy = dir.resolveSibling(dir.getFileName() + "-torn");
    try (Timelog<String> log = Timelog.open(dir, big, Codec.json(String.class))) {
      for (long t = 0; t < 30; t++) {
        log.append(t, "v" + t);
      }
      expected = pairs(log.all());
      // The directory as a crash would leave it: WAL not flushed into segments.
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : (Iterable<Path>) s::iterator) {
          Path target = copy.resolve(dir.relativize(p).toString());
          if (Files.isDirectory(p)) {
            Files.createDirectories(target);
          } else if (!p.getFileName().toString().endsWith(".lock")) {
            Files.copy(p, target);
          }
        }
      }
    }
    Path wal;
    try (Stream<Path> s = Files.list(TimelogFiles.wal(copy))) {
      wal = s.filter(p -> p.toString().endsWith(".jsonl")).sorted()
          .reduce((a, b) -> b).orElseThrow();
    }
    FileDamage.appendGarbage(wal, 17, Seeds.random("TimelogCorruptionTest.torn"));
    try (Timelog<String> log = Timelog.open(copy, big, Codec.json(String.class))) {
      assertThat(pairs(log.all())).isEqualTo(expected);
      log.append(100, "after");
      assertThat(log.at(100)).containsExactly("after");
    }
  }
}
