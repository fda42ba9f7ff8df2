package dev.linebase.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.linebase.io.CorruptFileException;
import dev.linebase.io.Durability;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recovery of torn tails in the active segment and detection of damage in sealed ones. */
class SegmentedLogRecoveryTest {
  @TempDir Path dir;

  private static final LogConfig SMALL =
      LogConfig.builder().durability(Durability.NONE).segmentBytes(200).build();

  private void write(int n, LogConfig c) throws IOException {
    try (SegmentedLog log = SegmentedLog.open(dir, c)) {
      for (int i = 0; i < n; i++) {
        log.append("{\"n\":" + i + "}");
      }
    }
  }

  private Path lastSegment() throws IOException {
    List<SegmentFiles.SegmentFile> files = SegmentFiles.list(dir);
    return files.get(files.size() - 1).path();
  }

  private Path firstSegment() throws IOException {
    return SegmentFiles.list(dir).get(0).path();
  }

  private static void appendBytes(Path file, byte[] bytes) throws IOException {
    Files.write(file, bytes, StandardOpenOption.APPEND);
  }

  private static void overwrite(Path file, long offset, byte[] bytes) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(bytes), offset);
    }
  }

  private List<String> readAll(SegmentedLog log) throws IOException {
    List<String> out = new ArrayList<>();
    try (LogReader r = log.reader(log.firstLine())) {
      while (r.next()) {
        out.add(r.text());
      }
    }
    return out;
  }

  @Test
  void cleanOpenReportsNothingCut() throws IOException {
    write(30, SMALL);
    try (SegmentedLog log = SegmentedLog.open(dir, SMALL)) {
      RecoveryReport r = log.recovery();
      assertThat(r.cut()).isFalse();
      assertThat(r.reason()).isEqualTo("clean");
      assertThat(r.segment()).isEqualTo(lastSegment());
    }
  }

  @Test
  void partialLastLineIsCut() throws IOException {
    write(30, SMALL);
    long before = Files.size(lastSegment());
    appendBytes(lastSegment(), "{\"n\":3".getBytes(StandardCharsets.UTF_8));
    try (SegmentedLog log = SegmentedLog.open(dir, SMALL)) {
      RecoveryReport r = log.recovery();
      assertThat(r.bytesCut()).isEqualTo(6);
      assertThat(r.tornBytesCut()).isEqualTo(6);
      assertThat(r.reason()).isEqualTo("partial line");
      assertThat(r.validBytes()).isEqualTo(before);
      assertThat(log.endLine()).isEqualTo(30);
      assertThat(log.append("{\"n\":30}")).isEqualTo(30);
      assertThat(readAll(log)).hasSize(31).last().isEqualTo("{\"n\":30}");
    }
  }

  @Test
  void nulRunLeftByAKilledMappedWriterIsCut() throws IOException {
    write(30, SMALL);
    appendBytes(lastSegment(), new byte[5000]);
    try (SegmentedLog ro = SegmentedLog.openReadOnly(dir)) {
      assertThat(readAll(ro)).as("read-only readers stop at the NUL run").hasSize(30);
      assertThat(ro.endLine()).isEqualTo(30);
    }
    try (SegmentedLog log = SegmentedLog.open(dir, SMALL)) {
      RecoveryReport r = log.recovery();
      assertThat(r.bytesCut()).isEqualTo(5000);
      assertThat(r.zeroBytesCut()).isEqualTo(5000);
      assertThat(r.tornBytesCut()).isZero();
      assertThat(r.reason()).isEqualTo("NUL bytes");
      assertThat(readAll(log)).hasSize(30);
    }
  }

  @Test
  void partialLineFollowedByNulsIsCut() throws IOException {
    write(3, SMALL);
    byte[] tail = new byte[100];
    System.arraycopy("{\"n\":".getBytes(StandardCharsets.UTF_8), 0, tail, 0, 5);
    appendBytes(lastSegment(), tail);
    try (SegmentedLog log = SegmentedLog.open(dir, SMALL)) {
      assertThat(log.recovery().bytesCut()).isEqualTo(100);
      assertThat(log.recovery().zeroBytesCut()).isEqualTo(95);
      assertThat(readAll(log)).hasSize(3);
    }
  }

  @Test
  void invalidJsonLastLineIsCutInJsonlButKeptInText() throws IOException {
    write(3, SMALL);
    appendBytes(lastSegment(), "{\"n\":\n".getBytes(StandardCharsets.UTF_8));
    try (SegmentedLog log = SegmentedLog.open(dir, SMALL)) {
      assertThat(log.recovery().bytesCut()).isEqualTo(6);
      assertThat(log.recovery().reason()).contains("JSON");
      assertThat(readAll(log)).hasSize(3);
    }
    Path text = dir.resolve("text");
    LogConfig tc = LogConfig.builder().format(LogFormat.TEXT).durability(Durability.NONE).build();
    try (SegmentedLog log = SegmentedLog.open(text, tc)) {
      log.append("a");
    }
    appendBytes(SegmentFiles.path(text, 0, LogFormat.TEXT), "{\"n\":\n".getBytes());
    try (SegmentedLog log = SegmentedLog.open(text, tc)) {
      assertThat(log.recovery().cut()).isFalse();
      assertThat(log.endLine()).isEqualTo(2);
    }
  }

  @Test
  void damageInTheMiddleOfTheActiveSegmentCutsFromThere() throws IOException {
    write(10, LogConfig.builder().durability(Durability.NONE).build());
    Path seg = lastSegment();
    // Line 5 starts at 5 * 8 bytes ({"n":i}\n is 8 bytes for one-digit i).
    overwrite(seg, 5 * 8 + 1, "#".getBytes());
    try (SegmentedLog log = SegmentedLog.open(dir, SMALL)) {
      assertThat(log.endLine()).isEqualTo(5);
      assertThat(log.recovery().bytesCut()).isEqualTo(40);
    }
  }

  @Test
  void nulInsideASealedSegmentIsReportedWithPathOffsetAndLine() throws IOException {
    write(30, SMALL);
    Path first = firstSegment();
    overwrite(first, 17, new byte[] {0});
    try (SegmentedLog log = SegmentedLog.open(dir, SMALL);
        LogReader r = log.reader(0)) {
      assertThatThrownBy(() -> {
        while (r.next()) {
          r.bytes();
        }
      }).isInstanceOfSatisfying(CorruptFileException.class, e -> {
        assertThat(e.path()).isEqualTo(first);
        assertThat(e.lineNumber()).isEqualTo(2);
        assertThat(e.byteOffset()).isEqualTo(16);
      });
    }
  }

  @Test
  void missingNewlineInASealedSegmentBreaksTheLineCount() throws IOException {
    write(30, SMALL);
    Path first = firstSegment();
    overwrite(first, 7, " ".getBytes()); // join lines 0 and 1
    try (SegmentedLog log = SegmentedLog.open(dir, SMALL)) {
      assertThatThrownBy(() -> {
        try (LogReader r = log.reader(0)) {
          while (r.next()) {
            r.bytes();
          }
        }
      }).isInstanceOf(CorruptFileException.class)
          .hasMessageContaining(first.getFileName().toString())
          .hasMessageContaining("next segment starts at line");
    }
  }

  @Test
  void sealedSegmentIndexIsRebuiltWhenMissingOrStale() throws IOException {
    write(30, SMALL);
    Path first = firstSegment();
    Path sidecar = SegmentFiles.indexPath(first);
    try (SegmentedLog log = SegmentedLog.open(dir, SMALL)) {
      assertThat(readAll(log)).hasSize(30);
      try (LogReader r = log.reader(2)) {
        assertThat(r.next()).isTrue();
        assertThat(r.text()).isEqualTo("{\"n\":2}");
      }
    }
    assertThat(sidecar).exists();
    Files.write(sidecar, new byte[] {1, 2, 3});
    try (SegmentedLog log = SegmentedLog.open(dir, SMALL); LogReader r = log.reader(1)) {
      assertThat(r.next()).isTrue();
      assertThat(r.text()).isEqualTo("{\"n\":1}");
    }
    try (SegmentedLog ro = SegmentedLog.openReadOnly(dir)) {
      Files.delete(sidecar);
      assertThat(readAll(ro)).hasSize(30);
      assertThat(sidecar).as("a read-only log never writes").doesNotExist();
    }
  }

  @Test
  void cleanCloseOfALargeActiveSegmentLeavesATrustedSidecar() throws IOException {
    LogConfig big = LogConfig.builder().durability(Durability.NONE).build();
    int n = (int) (Recovery.TRUSTED_SIDECAR_MIN_BYTES / 1000) + 10;
    try (SegmentedLog log = SegmentedLog.open(dir, big)) {
      List<byte[]> batch = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        batch.add(big(i).getBytes(StandardCharsets.UTF_8));
      }
      log.appendAll(batch);
    }
    Path seg = lastSegment();
    assertThat(SegmentFiles.indexPath(seg)).exists();
    try (SegmentedLog log = SegmentedLog.open(dir, big)) {
      assertThat(log.endLine()).isEqualTo(n);
      assertThat(SegmentFiles.indexPath(seg)).as("deleted once trusted").doesNotExist();
      try (LogReader r = log.reader(n - 300)) {
        assertThat(r.next()).isTrue();
        assertThat(r.text()).isEqualTo(big(n - 300));
      }
      log.append("1");
    }
    // A torn tail after a crash is never hidden by a sidecar.
    try (SegmentedLog log = SegmentedLog.open(dir, big)) {
      log.append("2");
    }
    appendBytes(seg, "{\"torn".getBytes());
    try (SegmentedLog log = SegmentedLog.open(dir, big)) {
      assertThat(log.recovery().bytesCut()).isEqualTo(6);
      assertThat(log.endLine()).isEqualTo(n + 2);
    }
  }

  private static String big(int i) {
    return "{\"n\":" + i + ",\"pad\":\"" + "p".repeat(1000) + "\"}";
  }

  @Test
  void invalidJsonInASealedSegmentFailsValueWithItsLocation() throws IOException {
    write(30, SMALL);
    Path first = firstSegment();
    overwrite(first, 9, "#".getBytes()); // line 1: {"n":1} -> {#n":1}
    try (SegmentedLog log = SegmentedLog.open(dir, SMALL);
        LogReader r = log.reader(1)) {
      assertThat(r.next()).isTrue();
      assertThatThrownBy(() -> r.value(Object.class))
          .isInstanceOfSatisfying(CorruptFileException.class, e -> {
            assertThat(e.lineNumber()).isEqualTo(1);
            assertThat(e.byteOffset()).isEqualTo(8);
          });
    }
  }

  @Test
  void emptyActiveSegmentAfterCutKeepsNumbering() throws IOException {
    write(30, SMALL);
    try (SegmentedLog log = SegmentedLog.open(dir, SMALL)) {
      log.roll();
    }
    Path last = lastSegment();
    appendBytes(last, "{\"torn".getBytes());
    try (SegmentedLog log = SegmentedLog.open(dir, SMALL)) {
      assertThat(log.endLine()).isEqualTo(30);
      assertThat(log.recovery().lines()).isZero();
      assertThat(log.append("{\"n\":30}")).isEqualTo(30);
    }
  }

  /**
   * Regression: the checkpoints of a scan recovery were one static instance shared by every log
   * opened in the JVM, so a second log (or a reopen after a crash changed the file) kept the first
   * one's offsets and {@code reader(n)} returned later lines under earlier numbers.
   */
  @Test
  void readersOfASecondLogInTheSameJvmStartAtTheRightLine() throws IOException {
    LogConfig c = LogConfig.builder().durability(Durability.NONE).build();
    int n = 3 * Checkpoints.INTERVAL + 7;
    try (SegmentedLog first = SegmentedLog.open(dir.resolve("first"), c)) {
      for (int i = 0; i < n; i++) {
        first.append("{\"n\":" + i + "}");
      }
    }
    try (SegmentedLog second = SegmentedLog.open(dir.resolve("second"), c)) {
      for (int i = 0; i < n; i++) {
        second.append("{\"n\":" + i + ",\"pad\":\"" + "x".repeat(i % 50) + "\"}");
      }
      for (long from : new long[] {0, 1, 127, 128, 200, 256, 300, n - 1}) {
        try (LogReader r = second.reader(from)) {
          long expected = from;
          while (r.next()) {
            assertThat(r.lineNumber()).isEqualTo(expected);
            assertThat(r.text()).as("line %s read from %s", expected, from)
                .startsWith("{\"n\":" + expected + ",");
            expected++;
          }
          assertThat(expected).as("reader from %s ends at endLine", from).isEqualTo(n);
        }
      }
    }
  }
}
