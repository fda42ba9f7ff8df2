package dev.linebase.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

  @Test
  void finishAppendsAMarkdownSectionPerRun(@TempDir Path dir) throws IOException {
    String oldResults = System.getProperty("linebase.bench.results");
    String oldDir = System.getProperty("linebase.bench.dir");
    System.setProperty("linebase.bench.results", dir.resolve("results").toString());
    System.setProperty("linebase.bench.dir", dir.resolve("data").toString());
    try {
      for (int run = 0; run < 2; run++) {
        Report.start("unit", "Unit suite")
            .note("workload: 100-byte lines")
            .rate(new Rate("appends", 3_000_000, 1_500_000_000L))
            .measure("a | b", "1.50x", "")
            .target("at least 1 M/s", "2.00 M/s", Report.Verdict.of(true))
            .finish();
      }
      String md = Files.readString(dir.resolve("results/unit-latest.md"), StandardCharsets.UTF_8);
      assertThat(md.split("\n## Unit suite — ", -1)).as(md).hasSize(3);
      assertThat(md)
          .contains("- JDK: " + Runtime.version())
          .contains("- workload: 100-byte lines")
          .contains("| a \\| b | 1.50x |  |")
          .contains("| appends | 2.00 M/s | 3,000,000 ops in 1500.0 ms |")
          .contains("| at least 1 M/s | 2.00 M/s | yes |")
          .contains("cores");
    } finally {
      restore("linebase.bench.results", oldResults);
      restore("linebase.bench.dir", oldDir);
    }
  }

  @Test
  void rateArithmetic() {
    Rate fast = new Rate("a", 2_000, 1_000_000_000L);
    Rate slow = new Rate("b", 500, 1_000_000_000L);
    assertThat(fast.perSecond()).isEqualTo(2_000.0);
    assertThat(fast.ratioTo(slow)).isEqualTo(4.0);
    assertThat(Rate.human(2_500_000)).isEqualTo("2.50 M");
    assertThat(Rate.human(2_500)).isEqualTo("2,500");
  }

  private static void restore(String key, String value) {
    if (value == null) {
      System.clearProperty(key);
    } else {
      System.setProperty(key, value);
    }
  }
}
