package dev.linebase.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.linebase.io.Durability;
import dev.linebase.io.FileLock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentedLogTest {
  @TempDir Path dir;

  private static LogConfig config(Durability d, long segmentBytes) {
    return LogConfig.builder().durability(d).segmentBytes(segmentBytes).build();
  }

  private static List<String> readAll(SegmentedLog log, long from) throws IOException {
    List<String> out = new ArrayList<>();
    try (LogReader r = log.reader(from)) {
      while (r.next()) {
        assertThat(r.lineNumber()).isEqualTo(from + out.size());
        out.add(r.text());
      }
    }
    return out;
  }

  private static String rec(int i) {
    return "{\"i\":" + i + ",\"pad\":\"" + "x".repeat(i % 17) + "\"}";
  }

  @Test
  void appendsAndReadsBackUnderEachPolicy() throws IOException {
    for (Durability d : List.of(Durability.NONE, Durability.GROUP, Durability.SYNC)) {
      Path sub = dir.resolve(d.toString());
      try (SegmentedLog log = SegmentedLog.open(sub, config(d, 1024))) {
        for (int i = 0; i < 200; i++) {
          assertThat(log.append(rec(i))).isEqualTo(i);
        }
        assertThat(log.endLine()).isEqualTo(200);
        List<String> all = readAll(log, 0);
        assertThat(all).hasSize(200);
        for (int i = 0; i < 200; i++) {
          assertThat(all.get(i)).isEqualTo(rec(i));
        }
        assertThat(readAll(log, 137).get(0)).isEqualTo(rec(137));
      }
      try (Stream segs = new Stream(sub)) {
        assertThat(segs.count).as("segments rolled at 1 KiB").isGreaterThan(5);
      }
      try (SegmentedLog log = SegmentedLog.open(sub, config(d, 1024))) {
        assertThat(log.recovery().cut()).isFalse();
        assertThat(log.endLine()).isEqualTo(200);
        assertThat(log.append(rec(200))).isEqualTo(200);
        assertThat(readAll(log, 150)).hasSize(51);
      }
    }
  }

  /** Counts segment files. */
  private static final class Stream implements AutoCloseable {
    final long count;

    Stream(Path d) throws IOException {
      count = SegmentFiles.list(d).size();
    }

    @Override
    public void close() {}
  }

  @Test
  void appendAllIsOneBatchAndRejectsEverythingIfOneRecordIsBad() throws IOException {
    try (SegmentedLog log = SegmentedLog.open(dir, config(Durability.SYNC, 1 << 20))) {
      log.append("1");
      long first = log.appendAll(List.of(b("2"), b("3"), b("4")));
      assertThat(first).isEqualTo(1);
      assertThatThrownBy(() -> log.appendAll(List.of(b("5"), b("{bad"), b("6"))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("record 1 of the batch");
      assertThat(log.endLine()).isEqualTo(4);
      assertThat(log.appendAll(List.of())).isEqualTo(4);
      assertThat(readAll(log, 0)).containsExactly("1", "2", "3", "4");
    }
  }

  @Test
  void rejectsBadRecordsBeforeWritingAnything() throws IOException {
    LogConfig c = LogConfig.builder().maxRecordBytes(10).durability(Durability.NONE).build();
    try (SegmentedLog log = SegmentedLog.open(dir, c)) {
      assertThatThrownBy(() -> log.append("{\"a\":\n1}")).hasMessageContaining("\\n");
      assertThatThrownBy(() -> log.append("\"a\r\"")).hasMessageContaining("\\r");
      assertThatThrownBy(() -> log.append("not json")).hasMessageContaining("JSON");
      assertThatThrownBy(() -> log.append("")).hasMessageContaining("JSON");
      assertThatThrownBy(() -> log.append("[1,2,3,4,5,6]")).hasMessageContaining("maxRecordBytes");
      assertThatThrownBy(() -> log.append("1 2")).hasMessageContaining("more than one");
      assertThatThrownBy(() -> log.append((Object) Map.of("k", "0123456789")))
          .hasMessageContaining("maxRecordBytes");
      assertThat(log.endLine()).isZero();
      assertThat(Files.size(SegmentFiles.path(dir, 0, LogFormat.JSONL))).isZero();
    }
  }

  @Test
  void textLogsSkipTheJsonCheckButNotTheFraming() throws IOException {
    LogConfig c = LogConfig.builder().format(LogFormat.TEXT).durability(Durability.NONE).build();
    try (SegmentedLog log = SegmentedLog.open(dir, c)) {
      log.append("plain text");
      log.append("");
      assertThatThrownBy(() -> log.append("a\nb")).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> log.append("a\0b")).hasMessageContaining("NUL");
      assertThat(readAll(log, 0)).containsExactly("plain text", "");
    }
    assertThat(Files.exists(SegmentFiles.path(dir, 0, LogFormat.TEXT))).isTrue();
    assertThatThrownBy(() -> SegmentedLog.open(dir, LogConfig.defaults()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("TEXT");
  }

  record Event(String name, int n) {}

  @Test
  void objectsRoundTripThroughJackson() throws IOException {
    try (SegmentedLog log = SegmentedLog.open(dir, config(Durability.NONE, 1 << 20))) {
      log.append((Object) new Event("a", 1));
      log.append((Object) new Event("b\nc", 2));
      try (LogReader r = log.reader(0)) {
        assertThat(r.next()).isTrue();
        assertThat(r.value(Event.class)).isEqualTo(new Event("a", 1));
        assertThat(r.next()).isTrue();
        assertThat(r.value(Event.class)).isEqualTo(new Event("b\nc", 2));
        assertThat(new String(r.bytes(), StandardCharsets.UTF_8)).contains("\\n");
        assertThat(r.next()).isFalse();
        assertThatThrownBy(r::bytes).isInstanceOf(IllegalStateException.class);
      }
    }
  }

  @Test
  void asyncAppendsCompleteOnceDurable() throws Exception {
    try (SegmentedLog log =
        SegmentedLog.open(dir, config(Durability.group(64, 5), 1 << 20))) {
      List<CompletableFuture<Long>> fs = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        fs.add(log.appendAsync(b(Integer.toString(i))));
      }
      for (int i = 0; i < 1000; i++) {
        assertThat(fs.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(i);
      }
      assertThat(readAll(log, 0)).hasSize(1000);
    }
  }

  @Test
  void tailingReaderWaitsForNewLines() throws Exception {
    try (SegmentedLog log = SegmentedLog.open(dir, config(Durability.NONE, 256))) {
      try (LogReader r = log.reader(0)) {
        assertThat(r.next()).isFalse();
        assertThat(r.next(10, TimeUnit.MILLISECONDS)).isFalse();
        Thread t = new Thread(() -> {
          try {
            for (int i = 0; i < 100; i++) {
              log.append(rec(i));
            }
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
        t.start();
        for (int i = 0; i < 100; i++) {
          assertThat(r.next(10, TimeUnit.SECONDS)).as("line %d", i).isTrue();
          assertThat(r.text()).isEqualTo(rec(i));
        }
        t.join();
      }
    }
  }

  @Test
  void readOnlyLogSeesAnotherWritersLinesAndSegments() throws Exception {
    try (SegmentedLog log = SegmentedLog.open(dir, config(Durability.NONE, 300));
        SegmentedLog ro = SegmentedLog.openReadOnly(dir);
        LogReader r = ro.reader(0)) {
      assertThat(r.next()).isFalse();
      for (int i = 0; i < 50; i++) {
        log.append(rec(i));
      }
      for (int i = 0; i < 50; i++) {
        assertThat(r.next()).as("line %d", i).isTrue();
        assertThat(r.text()).isEqualTo(rec(i));
      }
      assertThat(r.next()).isFalse();
      assertThat(ro.endLine()).isEqualTo(50);
      assertThatThrownBy(() -> ro.append("1")).isInstanceOf(IllegalStateException.class);
    }
  }

  /**
   * Under NONE a roll forces the sealed segment in the background, but cuts its preallocated tail
   * at once: readers of the sealed file never see the NUL padding, and sync() waits for the force.
   */
  @Test
  void rollsUnderNoneCutTheSealedSegmentAtOnce() throws IOException {
    try (SegmentedLog log = SegmentedLog.open(dir, config(Durability.NONE, 1024))) {
      long bytes = 0;
      for (int i = 0; i < 300; i++) {
        log.append(rec(i));
        bytes += rec(i).length() + 1;
      }
      List<SegmentFiles.SegmentFile> segs = SegmentFiles.list(dir);
      assertThat(segs).hasSizeGreaterThan(5);
      long sealed = 0;
      for (SegmentFiles.SegmentFile f : segs.subList(0, segs.size() - 1)) {
        Path p = f.path();
        byte[] content = Files.readAllBytes(p);
        assertThat(content).as("%s holds whole lines and no padding", p)
            .doesNotContain((byte) 0).endsWith((byte) '\n');
        sealed += content.length;
      }
      assertThat(sealed).isLessThan(bytes).isGreaterThan(bytes - 1024);
      log.sync();
      assertThat(readAll(log, 0)).hasSize(300);
    }
    try (SegmentedLog log = SegmentedLog.open(dir, config(Durability.NONE, 1024))) {
      assertThat(log.recovery().cut()).isFalse();
      assertThat(readAll(log, 0)).hasSize(300).first().isEqualTo(rec(0));
    }
  }

  @Test
  void retentionDeletesWholeSealedSegments() throws IOException {
    try (SegmentedLog log = SegmentedLog.open(dir, config(Durability.NONE, 100))) {
      for (int i = 0; i < 100; i++) {
        log.append(rec(i));
      }
      LogReader early = log.reader(0);
      assertThat(early.next()).isTrue();
      log.deleteBefore(50);
      long first = log.firstLine();
      assertThat(first).isGreaterThan(0).isLessThanOrEqualTo(50);
      assertThatThrownBy(() -> log.reader(first - 1))
          .isInstanceOf(LogTruncatedException.class)
          .hasMessageContaining("first available line is " + first);
      assertThatThrownBy(early::next).isInstanceOf(LogTruncatedException.class);
      assertThat(readAll(log, first)).hasSize((int) (100 - first));
      log.deleteBefore(Long.MAX_VALUE);
      assertThat(log.firstLine()).isLessThan(100);
      assertThat(SegmentFiles.list(dir)).hasSize(1);
    }
  }

  @Test
  void anInterruptedReaderDoesNotBreakTheOthers() throws IOException {
    try (SegmentedLog log = SegmentedLog.open(dir, config(Durability.NONE, 1 << 20))) {
      log.append("1");
      log.append("2");
      try (LogReader a = log.reader(0); LogReader b = log.reader(0)) {
        Thread.currentThread().interrupt();
        try {
          assertThatThrownBy(a::next).isInstanceOf(java.io.InterruptedIOException.class);
        } finally {
          assertThat(Thread.interrupted()).isTrue();
        }
        assertThat(b.next()).isTrue();
        assertThat(b.text()).isEqualTo("1");
        assertThat(a.next()).isTrue();
        assertThat(a.text()).isEqualTo("1");
      }
    }
  }

  @Test
  void secondWriterIsRefusedNamingTheHolder() throws IOException {
    try (SegmentedLog log = SegmentedLog.open(dir)) {
      assertThatThrownBy(() -> SegmentedLog.open(dir))
          .isInstanceOf(FileLock.LockedException.class)
          .hasMessageContaining("pid");
      assertThat(log.endLine()).isZero();
    }
  }

  @Test
  void closeIsIdempotentAndCutsThePreallocatedTail() throws IOException {
    SegmentedLog log = SegmentedLog.open(dir, config(Durability.NONE, 1 << 20));
    log.append("1");
    log.close();
    log.close();
    assertThat(Files.size(SegmentFiles.path(dir, 0, LogFormat.JSONL))).isEqualTo(2);
    assertThatThrownBy(() -> log.append("2")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void checkRecordAppliesTheAppendRulesAndCheckedAppendsWriteLines() throws IOException {
    int max = 16;
    SegmentedLog.checkRecord(LogFormat.JSONL, max, b("{\"a\":1}"));
    assertThatThrownBy(() -> SegmentedLog.checkRecord(LogFormat.JSONL, max, b("{\"a\":")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("JSON");
    assertThatThrownBy(() -> SegmentedLog.checkRecord(LogFormat.TEXT, max, b("\uFEFF1")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("BOM");
    assertThatThrownBy(() -> SegmentedLog.checkRecord(LogFormat.JSONL, max, b("\"0123456789abcdef\"")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxRecordBytes");
    SegmentedLog.checkRecord(LogFormat.TEXT, max, b("not json"));
    assertThatThrownBy(() -> SegmentedLog.checkRecord(LogFormat.TEXT, max, b("a\u0000b")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NUL");
    assertThatThrownBy(() -> SegmentedLog.checkRecord(LogFormat.TEXT, max, b("a\nb")))
        .isInstanceOf(IllegalArgumentException.class);
    for (WriterMode mode : WriterMode.values()) {
      Path d = dir.resolve(mode.name());
      try (SegmentedLog log = SegmentedLog.open(d, LogConfig.builder().writerMode(mode).build())) {
        assertThat(log.appendChecked(b("1"))).isZero();
        assertThat(log.appendAllChecked(List.of(b("2"), b("\"three\"")))).isEqualTo(1);
        assertThat(log.appendAllChecked(List.of())).isEqualTo(3);
        assertThat(readAll(log, 0)).as(mode.name()).containsExactly("1", "2", "\"three\"");
      }
    }
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
