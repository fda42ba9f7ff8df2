package dev.linebase.timelog;

import static dev.linebase.timelog.TimelogTesting.pairs;
import static dev.linebase.timelog.TimelogTesting.spans;
import static dev.linebase.timelog.TimelogTesting.timestamps;
import static dev.linebase.timelog.TimelogTesting.tiny;
import static dev.linebase.timelog.TimelogTesting.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TimelogTest {

  /** Where the records are when a read happens. */
  enum Phase {
    MEMTABLE,
    FLUSHED,
    COMPACTED;

    void apply(Timelog<?> log) throws IOException {
      if (this == FLUSHED) {
        log.flush();
      } else if (this == COMPACTED) {
        log.compact();
      }
    }
  }

  private static Timelog<String> log() {
    return Timelog.inMemory(tiny());
  }

  @Test
  void emptyAndInvertedRangesAreEmpty() throws IOException {
    try (Timelog<String> log = log()) {
      for (long t = 0; t < 20; t++) {
        log.append(t, "v" + t);
      }
      assertThat(timestamps(log.range(5, 5))).isEmpty();
      assertThat(timestamps(log.range(10, 5))).isEmpty();
      assertThat(log.count(10, 5)).isZero();
      assertThat(log.count(5, 5)).isZero();
      assertThat(spans(log.timestampSpans(7, 7))).isEmpty();
      assertThat(timestamps(log.range(5, 8))).containsExactly(5L, 6L, 7L);
    }
  }

  @Test
  void emptyDeleteRangeIsAnError() throws IOException {
    try (Timelog<String> log = log()) {
      log.append(5, "a");
      assertThatThrownBy(() -> log.delete(5, 5)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("5 >= t2 5");
      assertThatThrownBy(() -> log.delete(9, 3)).isInstanceOf(IllegalArgumentException.class);
      assertThat(log.at(5)).containsExactly("a");
    }
  }

  @Test
  void sinceAndUntilAreHalfOpenComplements() throws IOException {
    try (Timelog<String> log = log()) {
      for (long t = 1; t <= 10; t++) {
        log.append(t, "v" + t);
      }
      assertThat(timestamps(log.since(5))).containsExactly(5L, 6L, 7L, 8L, 9L, 10L);
      assertThat(timestamps(log.until(5))).containsExactly(1L, 2L, 3L, 4L);
      assertThat(timestamps(log.until(Long.MIN_VALUE))).isEmpty();
      assertThat(timestamps(log.since(Long.MIN_VALUE))).hasSize(10);
      assertThat(timestamps(log.since(11))).isEmpty();
      assertThat(timestamps(log.all())).hasSize(10);
    }
  }

  @ParameterizedTest
  @EnumSource(Phase.class)
  void pointLookupsAtTheExtremesAndDuplicatesInInsertionOrder(Phase phase) throws IOException {
    try (Timelog<String> log = log()) {
      log.append(Long.MAX_VALUE, "max1");
      log.append(0, "zero1");
      log.append(Long.MIN_VALUE, "min1");
      log.append(Long.MAX_VALUE, "max2");
      log.append(0, "zero2");
      log.append(Long.MIN_VALUE, "min2");
      log.append(Long.MAX_VALUE, "max3");
      phase.apply(log);
      assertThat(log.at(Long.MAX_VALUE)).containsExactly("max1", "max2", "max3");
      assertThat(log.at(Long.MIN_VALUE)).containsExactly("min1", "min2");
      assertThat(log.at(0)).containsExactly("zero1", "zero2");
      assertThat(log.at(1)).isEmpty();
      assertThat(values(log.since(Long.MAX_VALUE))).containsExactly("max1", "max2", "max3");
      assertThat(values(log.range(Long.MAX_VALUE - 1, Long.MAX_VALUE))).isEmpty();
      assertThat(values(log.until(Long.MIN_VALUE + 1))).containsExactly("min1", "min2");
      assertThat(log.count()).isEqualTo(7);
      assertThat(log.minTimestamp()).hasValue(Long.MIN_VALUE);
      assertThat(log.maxTimestamp()).hasValue(Long.MAX_VALUE);
      assertThat(log.nextTimestamp(Long.MAX_VALUE)).isEmpty();
      assertThat(log.prevTimestamp(Long.MIN_VALUE)).isEmpty();
      assertThat(log.nextTimestamp(0)).hasValue(Long.MAX_VALUE);
      assertThat(log.prevTimestamp(0)).hasValue(Long.MIN_VALUE);
      log.delete(Long.MAX_VALUE);
      assertThat(log.at(Long.MAX_VALUE)).isEmpty();
      assertThat(log.maxTimestamp()).hasValue(0);
      log.validate();
    }
  }

  @ParameterizedTest
  @EnumSource(Phase.class)
  void reinsertAfterDeleteIsVisible(Phase phase) throws IOException {
    try (Timelog<String> log = log()) {
      log.append(10, "first");
      phase.apply(log);
      log.delete(5, 15);
      phase.apply(log);
      assertThat(log.at(10)).isEmpty();
      log.append(10, "second");
      assertThat(log.at(10)).containsExactly("second");
      phase.apply(log);
      assertThat(log.at(10)).containsExactly("second");
      log.compact();
      assertThat(log.at(10)).containsExactly("second");
      assertThat(log.count()).isEqualTo(1);
      log.validate();
    }
  }

  @ParameterizedTest
  @EnumSource(Phase.class)
  void tombstoneHidesOnlyItsRange(Phase phase) throws IOException {
    try (Timelog<String> log = log()) {
      log.append(10, "a");
      log.append(20, "b");
      log.append(30, "c");
      log.append(40, "d");
      phase.apply(log);
      log.delete(15, 35);
      assertThat(pairs(log.all())).containsExactly("10=a", "40=d");
      assertThat(log.count()).isEqualTo(2);
      assertThat(log.count(15, 35)).isZero();
      assertThat(log.nextTimestamp(10)).hasValue(40);
      assertThat(log.prevTimestamp(40)).hasValue(10);
      phase.apply(log);
      assertThat(pairs(log.all())).containsExactly("10=a", "40=d");
    }
  }

  @Test
  void overlappingDeletesCoalesce() throws IOException {
    try (Timelog<String> log = log()) {
      for (long t = 0; t < 60; t += 5) {
        log.append(t, "v" + t);
      }
      log.delete(10, 30);
      log.delete(20, 50);
      assertThat(log.stats().tombstones()).isEqualTo(1);
      assertThat(timestamps(log.all())).containsExactly(0L, 5L, 50L, 55L);
      log.validate();
    }
  }

  @Test
  void deletesWithAWriteBetweenKeepExactVisibility() throws IOException {
    try (Timelog<String> log = log()) {
      log.append(12, "old12");
      log.append(25, "old25");
      log.delete(10, 30);
      log.append(15, "mid15");
      log.append(25, "mid25");
      log.delete(20, 50);
      // [10, 20) hides only records before the first delete; [20, 50) everything before the second.
      assertThat(pairs(log.all())).containsExactly("15=mid15");
      assertThat(log.stats().tombstones()).isEqualTo(2);
      log.compact();
      assertThat(pairs(log.all())).containsExactly("15=mid15");
      log.validate();
    }
  }

  @ParameterizedTest
  @EnumSource(Phase.class)
  void cutoffDeletesEverythingOlder(Phase phase) throws IOException {
    try (Timelog<String> log = log()) {
      for (long t = 0; t < 40; t++) {
        log.append(t, "v" + t);
      }
      phase.apply(log);
      log.deleteBefore(30);
      assertThat(log.minTimestamp()).hasValue(30);
      assertThat(log.count()).isEqualTo(10);
      phase.apply(log);
      assertThat(timestamps(log.all())).containsExactly(30L, 31L, 32L, 33L, 34L, 35L, 36L, 37L,
          38L, 39L);
      log.deleteBefore(Long.MIN_VALUE); // nothing is older than MIN_VALUE
      assertThat(log.count()).isEqualTo(10);
      // A cutoff is a sequenced delete: a later write below it is visible.
      log.append(5, "late");
      assertThat(log.at(5)).containsExactly("late");
    }
  }

  @Test
  void countAgreesWithIterationAcrossMixedSources() throws IOException {
    try (Timelog<String> log = log()) {
      long[] ts = {50, 10, 70, 10, 30, 90, 20, 20, 60, 5, 80, 40, 15, 15, 95, 33};
      for (int round = 0; round < 4; round++) {
        for (long t : ts) {
          log.append(t + round * 7, "r" + round);
        }
        if (round == 0) {
          log.compact();
        } else if (round == 1) {
          log.flush();
        } else if (round == 2) {
          log.delete(12, 34);
        }
        log.delete(60 + round, 62 + round);
      }
      assertThat(log.stats().l1Segments()).isPositive();
      assertThat(log.stats().l0Segments()).isPositive();
      assertThat(log.stats().memtableRecords()).isPositive();
      for (long a = 0; a < 130; a += 3) {
        for (long b = a; b < 130; b += 11) {
          List<Long> it = timestamps(log.range(a, b));
          assertThat(log.count(a, b)).as("[%d, %d)", a, b).isEqualTo(it.size());
          assertThat(it).isSorted();
          assertThat(spans(log.timestampSpans(a, b))).as("[%d, %d)", a, b).isEqualTo(it);
        }
      }
      assertThat(log.count()).isEqualTo(timestamps(log.all()).size());
      log.validate();
    }
  }

  @ParameterizedTest
  @EnumSource(Phase.class)
  void navigationWhenEverythingIsDeleted(Phase phase) throws IOException {
    try (Timelog<String> log = log()) {
      assertThat(log.minTimestamp()).isEmpty();
      assertThat(log.maxTimestamp()).isEmpty();
      for (long t = 0; t < 20; t++) {
        log.append(t * 3, "v");
      }
      phase.apply(log);
      log.delete(Long.MIN_VALUE, Long.MAX_VALUE);
      log.delete(Long.MAX_VALUE);
      phase.apply(log);
      assertThat(log.minTimestamp()).isEmpty();
      assertThat(log.maxTimestamp()).isEmpty();
      assertThat(log.nextTimestamp(10)).isEmpty();
      assertThat(log.prevTimestamp(10)).isEqualTo(OptionalLong.empty());
      assertThat(log.count()).isZero();
      assertThat(timestamps(log.all())).isEmpty();
      assertThat(spans(log.timestampSpans(Long.MIN_VALUE, Long.MAX_VALUE))).isEmpty();
    }
  }

  @Test
  void statsBeforeAndAfterFlushAndCompaction() throws IOException {
    try (Timelog<String> log = log()) {
      for (long t = 0; t < 5; t++) {
        log.append(t, "v");
      }
      TimelogStats before = log.stats();
      assertThat(before.records()).isEqualTo(5);
      assertThat(before.memtableRecords()).isEqualTo(5);
      assertThat(before.memtableBytes()).isPositive();
      assertThat(before.l0Segments()).isZero();
      assertThat(before.seals()).isZero();
      log.flush();
      TimelogStats after = log.stats();
      assertThat(after.records()).isEqualTo(5);
      assertThat(after.memtableRecords()).isZero();
      assertThat(after.memtableBytes()).isZero();
      assertThat(after.l0Segments()).isEqualTo(1);
      assertThat(after.seals()).isEqualTo(1);
      assertThat(after.flushes()).isEqualTo(1);
      log.delete(0, 2);
      log.compact();
      TimelogStats compacted = log.stats();
      assertThat(compacted.l0Segments()).isZero();
      assertThat(compacted.l1Segments()).isEqualTo(1);
      assertThat(compacted.compactions()).isEqualTo(1);
      assertThat(compacted.droppedRecords()).isEqualTo(2);
      assertThat(compacted.records()).isEqualTo(3);
      assertThat(compacted.tombstones()).isZero();
    }
  }

  @Test
  void compactionReportsDroppedRecords() throws IOException {
    List<String> dropped = new ArrayList<>();
    try (Timelog<String> log =
        Timelog.inMemory(tiny(), (DropListener<String>) (t, v) -> dropped.add(t + "=" + v))) {
      for (long t = 0; t < 30; t++) {
        log.append(t, "v" + t);
      }
      log.delete(10, 13);
      assertThat(dropped).isEmpty();
      log.compact();
      assertThat(dropped).containsExactlyInAnyOrder("10=v10", "11=v11", "12=v12");
      assertThat(log.count()).isEqualTo(27);
    }
  }

  @Test
  void segmentsRespectWindowsAndDoNotOverlap() throws IOException {
    try (Timelog<String> log = log()) {
      for (long t = 0; t < 300; t += 7) {
        log.append(t, "v");
        log.append(300 - t, "w");
      }
      log.compact();
      log.validate();
      assertThat(log.stats().l1Segments()).isGreaterThanOrEqualTo(6);
    }
  }

  @Test
  void busyRaiseStoresTheRecordThenThrows() throws IOException {
    TimelogConfig config = tiny().toBuilder().memtableRecords(2).outOfOrderRecords(1)
        .sealedRunLimit(1).busyPolicy(BusyPolicy.RAISE).build();
    try (Timelog<String> log = Timelog.inMemory(config)) {
      log.append(1, "a");
      log.append(2, "b"); // seals run 1
      log.append(3, "c");
      assertThatThrownBy(() -> log.append(4, "d")).isInstanceOf(TimelogBusyException.class)
          .hasMessageContaining("do not retry");
      assertThat(log.at(4)).containsExactly("d");
      assertThat(log.stats().busyEvents()).isEqualTo(1);
      assertThat(log.maintenanceStep()).isTrue();
      assertThat(log.count()).isEqualTo(4);
    }
  }

  @Test
  void busyBlockInManualModeDrainsInTheWriter() throws IOException {
    TimelogConfig config = tiny().toBuilder().memtableRecords(2).outOfOrderRecords(1)
        .sealedRunLimit(1).busyPolicy(BusyPolicy.BLOCK).build();
    try (Timelog<String> log = Timelog.inMemory(config)) {
      for (long t = 0; t < 20; t++) {
        log.append(t, "v");
      }
      assertThat(log.stats().sealedRuns()).isLessThanOrEqualTo(1);
      assertThat(log.stats().busyEvents()).isPositive();
      assertThat(log.count()).isEqualTo(20);
    }
  }

  @Test
  void busyBatchIsStoredWhole() throws IOException {
    TimelogConfig config = tiny().toBuilder().memtableRecords(2).outOfOrderRecords(1)
        .sealedRunLimit(1).busyPolicy(BusyPolicy.RAISE).build();
    try (Timelog<String> log = Timelog.inMemory(config)) {
      long[] ts = {1, 2, 3, 4, 5, 6, 7, 8, 9};
      List<String> vs = Arrays.stream(ts).mapToObj(t -> "v" + t).collect(Collectors.toList());
      assertThatThrownBy(() -> log.appendAll(ts, vs)).isInstanceOf(TimelogBusyException.class);
      assertThat(log.count()).isEqualTo(9);
    }
  }

  @Test
  void invalidBatchStoresNothing() throws IOException {
    try (Timelog<String> log = log()) {
      log.append(1, "a");
      List<String> withNull = new ArrayList<>(List.of("x", "y"));
      withNull.add(null);
      assertThatThrownBy(() -> log.appendAll(new long[] {5, 6, 7}, withNull))
          .isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> log.appendAll(new long[] {5, 6}, List.of("x")))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(log.count()).isEqualTo(1);
    }
  }

  @Test
  void unorderedBatchKeepsInsertionOrderOfEqualTimestamps() throws IOException {
    try (Timelog<String> log = log()) {
      log.appendAll(new long[] {5, 3, 5, 1, 3, 5}, List.of("a", "b", "c", "d", "e", "f"),
          BatchOrder.UNORDERED);
      assertThat(pairs(log.all())).containsExactly("1=d", "3=b", "3=e", "5=a", "5=c", "5=f");
      log.appendAll(new long[] {4, 2, 4}, List.of("g", "h", "i"));
      assertThat(pairs(log.all())).containsExactly(
          "1=d", "2=h", "3=b", "3=e", "4=g", "4=i", "5=a", "5=c", "5=f");
      log.compact();
      assertThat(pairs(log.all())).containsExactly(
          "1=d", "2=h", "3=b", "3=e", "4=g", "4=i", "5=a", "5=c", "5=f");
    }
  }

  @Test
  void snapshotNeverSeesLaterChanges() throws IOException {
    try (Timelog<String> log = log()) {
      for (long t = 0; t < 30; t++) {
        log.append(t, "v" + t);
      }
      try (TimelogSnapshot<String> snap = log.snapshot()) {
        List<String> before = pairs(snap.all());
        TimelogCursor<String> open = snap.range(0, 30);
        assertThat(open.next()).isTrue();
        log.append(31, "new");
        log.delete(0, 10);
        log.flush();
        log.compact();
        log.append(2, "again");
        assertThat(pairs(snap.all())).isEqualTo(before);
        assertThat(snap.count()).isEqualTo(30);
        assertThat(snap.minTimestamp()).hasValue(0);
        List<Long> rest = new ArrayList<>();
        rest.add(open.timestamp());
        rest.addAll(timestamps(open));
        assertThat(rest).hasSize(30);
        assertThat(log.count()).isEqualTo(22);
      }
    }
  }

  @Test
  void closedSnapshotAndTimelogRejectUse() throws IOException {
    Timelog<String> log = log();
    TimelogSnapshot<String> snap = log.snapshot();
    snap.close();
    snap.close();
    assertThatThrownBy(snap::count).isInstanceOf(IllegalStateException.class);
    log.close();
    log.close();
    assertThatThrownBy(() -> log.append(1, "x")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(log::count).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void streamsAndIteratorsMatchTheCursor() throws IOException {
    try (Timelog<String> log = log()) {
      for (long t = 10; t > 0; t--) {
        log.append(t, "v" + t);
      }
      assertThat(log.range(3, 6).stream().map(TimedValue::value)).containsExactly("v3", "v4",
          "v5");
      var it = log.since(9).iterator();
      assertThat(it.next()).isEqualTo(new TimedValue<>(9, "v9"));
      assertThat(it.next()).isEqualTo(new TimedValue<>(10, "v10"));
      assertThat(it.hasNext()).isFalse();
    }
  }

  @Test
  void backgroundMaintenanceDrainsSealedRuns() throws Exception {
    TimelogConfig config = tiny().toBuilder().maintenance(MaintenanceMode.BACKGROUND).build();
    try (Timelog<String> log = Timelog.inMemory(config)) {
      for (long t = 0; t < 2_000; t++) {
        log.append(t % 3 == 0 ? 2_000 - t : t, "v");
      }
      long deadline = System.nanoTime() + 10_000_000_000L;
      while ((log.stats().sealedRuns() > 0 || log.stats().l0Segments() >= 3)
          && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(log.stats().sealedRuns()).isZero();
      assertThat(log.stats().l0Segments()).isLessThan(3);
      assertThat(log.stats().compactions()).isPositive();
      assertThat(log.count()).isEqualTo(2_000);
      log.validate();
    }
  }

  @Test
  void configRejectsBadSettings() {
    assertThatThrownBy(() -> TimelogConfig.builder().memtableRecords(0).build())
        .hasMessageContaining("memtableRecords <= 0: 0");
    assertThatThrownBy(() -> TimelogConfig.builder().outOfOrderRecords(1 << 20).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> TimelogConfig.builder().timeUnit(java.util.concurrent.TimeUnit.DAYS).build())
        .hasMessageContaining("DAYS");
    assertThat(TimelogConfig.forBulkIngest().busyPolicy()).isEqualTo(BusyPolicy.BLOCK);
    assertThat(TimelogConfig.forLowLatency().memtableRecords()).isEqualTo(16 * 1024);
    assertThat(TimelogConfig.forStreaming().windowSize()).isEqualTo(3_600_000L);
  }

  @Test
  void appendWithoutTimestampUsesTheClock() throws IOException {
    try (Timelog<String> log = Timelog.inMemory(tiny())) {
      long before = System.currentTimeMillis();
      log.append("now");
      long after = System.currentTimeMillis();
      assertThat(log.minTimestamp().getAsLong()).isBetween(before, after);
    }
  }
}
