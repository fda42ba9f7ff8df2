package dev.linebase.timelog;

import static dev.linebase.timelog.TimelogTesting.pairs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.linebase.io.Durability;
import dev.linebase.jsonl.Codec;
import dev.linebase.testkit.Seeds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Timelog#openReadOnly}: no lock, no writes, and a consistent view of a live writer. */
class TimelogReadOnlyTest {
  @TempDir Path dir;

  private static TimelogConfig config() {
    return TimelogTesting.tinyDurable();
  }

  private Timelog<String> readOnly() throws IOException {
    return Timelog.openReadOnly(dir, TimelogConfig.defaults(), Codec.json(String.class));
  }

  /** Every file under {@code dir} with its bytes (sizes and contents). */
  private Map<String, List<Byte>> tree() throws IOException {
    Map<String, List<Byte>> files = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path f : (Iterable<Path>) s::iterator) {
        List<Byte> bytes = new ArrayList<>();
        if (Files.isRegularFile(f)) {
          for (byte b : Files.readAllBytes(f)) {
            bytes.add(b);
          }
        }
        files.put(dir.relativize(f).toString(), bytes);
      }
    }
    return files;
  }

  @Test
  void readsWhatAWriterHoldingTheLockHasWrittenAndChangesNoFile() throws IOException {
    try (Timelog<String> writer = Timelog.open(dir, config(), Codec.json(String.class))) {
      for (long t = 0; t < 40; t++) {
        writer.append(t % 7 == 0 ? 100 - t : t, "v" + t);
      }
      writer.flush();
      writer.delete(10, 20);
      writer.append(15, "again");
      writer.compact();
      writer.append(5, "memtable");
      writer.deleteBefore(3);
      writer.append(50, "tail");
      List<String> expected = pairs(writer.all());
      Map<String, List<Byte>> before = tree();

      try (Timelog<String> reader = readOnly()) {
        assertThat(pairs(reader.all())).isEqualTo(expected);
        assertThat(reader.at(15)).containsExactly("again");
        assertThat(reader.count()).isEqualTo(writer.count());
        assertThat(reader.stats().records()).isPositive();
        reader.validate();
        assertThatThrownBy(() -> reader.append(1, "x")).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("read-only");
        assertThatThrownBy(() -> reader.delete(0, 10)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(reader::flush).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(reader::compact).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(reader::maintenanceStep).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(reader::startMaintenance).isInstanceOf(IllegalStateException.class);
      }
      assertThat(tree()).isEqualTo(before);

      // The writer keeps working, and a later read-only open sees its later writes.
      writer.append(60, "later");
      try (Timelog<String> reader = readOnly()) {
        assertThat(reader.at(60)).containsExactly("later");
      }
    }
  }

  @Test
  void leavesACrashedDirectoryAsItIs() throws IOException {
    try (Timelog<String> writer = Timelog.open(dir, config(), Codec.json(String.class))) {
      for (long t = 0; t < 30; t++) {
        writer.append(t, "v" + t);
      }
      writer.flush();
      writer.append(31, "in the WAL only");
    }
    // What a crash leaves: a segment no manifest names, a temporary file, a torn WAL tail (a
    // line that is not JSON, then a partial line).
    Files.write(TimelogFiles.segment(dir, 999), new byte[] {1, 2, 3});
    Files.write(TimelogFiles.segments(dir).resolve("x.tmp"), new byte[] {4});
    Path walTail;
    try (Stream<Path> s = Files.list(TimelogFiles.wal(dir))) {
      walTail = s.filter(p -> p.toString().endsWith(".jsonl")).sorted()
          .reduce((a, b) -> b).orElseThrow();
    }
    Files.write(walTail, "{torn\n[32,\"to".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
        java.nio.file.StandardOpenOption.APPEND);
    Map<String, List<Byte>> before = tree();
    try (Timelog<String> reader = readOnly()) {
      assertThat(reader.count()).isEqualTo(31);
      assertThat(reader.at(31)).containsExactly("in the WAL only");
    }
    assertThat(tree()).isEqualTo(before);
  }

  @Test
  void missingDirectoryIsNotCreated() {
    Path missing = dir.resolve("none");
    assertThatThrownBy(() -> Timelog.openReadOnly(missing, TimelogConfig.defaults(),
        Codec.json(String.class))).isInstanceOf(NoSuchFileException.class);
    assertThat(missing).doesNotExist();
  }

  /**
   * A writer appends {@code 0, 1, 2, ...} (value = timestamp) with background flushes,
   * compactions and WAL retention, and deletes {@code [0, k)} now and then; read-only opens run
   * meanwhile (they often have to start over: a compaction deleted a segment, retention a WAL
   * file). Each must see one consistent moment: the values from some cutoff to some end, no
   * gap, no duplicate, never less than what was acknowledged before it started.
   */
  @Test
  void everyReadOnlyOpenDuringWritesSeesAPrefix() throws Exception {
    Random random = Seeds.random("TimelogReadOnlyTest.prefix");
    long seed = random.nextLong();
    TimelogConfig writerConfig = TimelogConfig.builder().memtableRecords(64)
        .outOfOrderRecords(16).segmentRecords(100).windowSize(500).l0CompactionTrigger(3)
        .durability(Durability.NONE).walSegmentBytes(2048)
        .busyPolicy(BusyPolicy.BLOCK).maintenance(MaintenanceMode.BACKGROUND).build();
    AtomicLong acked = new AtomicLong(-1);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (Timelog<Long> writer = Timelog.open(dir, writerConfig, Codec.json(Long.class))) {
      Future<?> writes = pool.submit(() -> {
        Random r = new Random(seed);
        for (long t = 0; t < 12_000; t++) {
          writer.append(t, t);
          acked.set(t);
          if (r.nextInt(500) == 0) {
            writer.delete(0, t / 2);
          }
        }
        return null;
      });
      int opens = 0;
      while (!writes.isDone() || opens < 5) {
        long before = acked.get();
        try (Timelog<Long> reader = Timelog.openReadOnly(dir, TimelogConfig.defaults(),
            Codec.json(Long.class))) {
          List<Long> seen = new ArrayList<>();
          TimelogCursor<Long> c = reader.all();
          while (c.next()) {
            assertThat(c.value()).as("seed %s", seed).isEqualTo(c.timestamp());
            seen.add(c.value());
          }
          for (int i = 1; i < seen.size(); i++) {
            assertThat(seen.get(i)).as("seed %s: no gap or duplicate after %s", seed,
                seen.get(i - 1)).isEqualTo(seen.get(i - 1) + 1);
          }
          long last = seen.isEmpty() ? -1 : seen.get(seen.size() - 1);
          assertThat(last).as("seed %s: sees what was acknowledged before", seed)
              .isGreaterThanOrEqualTo(before);
        }
        opens++;
      }
      writes.get(60, TimeUnit.SECONDS);
      assertThat(opens).isGreaterThanOrEqualTo(5);
    } finally {
      pool.shutdownNow();
    }
  }
}
