package dev.linebase.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.linebase.jsonl.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchDataTest {

  @Test
  void everyLineIsOneJsonValueOfExactlyOneHundredBytes() {
    byte[] buf = new byte[BenchData.LINE_BYTES];
    long[] seqs = {0, 1, 9, 10, 99, 12_345, 10_737_418, 999_999_999, 9_999_999_999L};
    for (long seq : seqs) {
      BenchData.line(seq, buf, 0);
      assertThat(buf[BenchData.LINE_BYTES - 1])
          .as("terminator of line %d", seq)
          .isEqualTo((byte) '\n');
      for (int i = 0; i < BenchData.LINE_BYTES - 1; i++) {
        assertThat(buf[i]).as("byte %d of line %d", i, seq).isNotIn((byte) '\n', (byte) '\r');
      }
      assertThat(Json.problem(buf, 0, BenchData.RECORD_BYTES))
          .as("line %d: %s", seq, BenchData.lineText(seq))
          .isNull();
      assertThat(BenchData.lineText(seq)).startsWith("{\"seq\":" + seq + ",");
    }
  }

  @Test
  void linesAreDeterministicAndRecordsMatchLines() {
    byte[][] records = BenchData.records(50);
    for (int i = 0; i < records.length; i++) {
      assertThat(new String(records[i], StandardCharsets.US_ASCII))
          .isEqualTo(BenchData.lineText(i));
      assertThat(records[i]).hasSize(BenchData.RECORD_BYTES);
    }
    assertThat(BenchData.lineText(7)).isNotEqualTo(BenchData.lineText(8));
  }

  @Test
  void generatedFileIsReusedAndMatchesTheGenerator(@TempDir Path dir) throws IOException {
    String old = System.getProperty("linebase.bench.dir");
    System.setProperty("linebase.bench.dir", dir.toString());
    try {
      Path file = BenchData.jsonLines(100_050);
      assertThat(Files.size(file)).isEqualTo(100_000);
      List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
      assertThat(lines).hasSize(1_000);
      assertThat(lines.get(0)).isEqualTo(BenchData.lineText(0));
      assertThat(lines.get(999)).isEqualTo(BenchData.lineText(999));
      long modified = Files.getLastModifiedTime(file).toMillis();
      Files.setLastModifiedTime(file, FileTime.fromMillis(modified - 60_000));
      assertThat(BenchData.jsonLines(100_000)).isEqualTo(file);
      assertThat(Files.getLastModifiedTime(file).toMillis())
          .as("reused, not rewritten")
          .isEqualTo(modified - 60_000);
      assertThat(WcLines.count(file).lines()).isEqualTo(1_000);
    } finally {
      if (old == null) {
        System.clearProperty("linebase.bench.dir");
      } else {
        System.setProperty("linebase.bench.dir", old);
      }
    }
  }

  @Test
  void roundsReportMinimumAndLowerMedian() {
    Rounds r = new Rounds("x");
    r.add(30);
    r.add(10);
    r.add(20);
    r.add(40);
    assertThat(r.minNanos()).isEqualTo(10);
    assertThat(r.medianNanos()).isEqualTo(20);
  }
}
