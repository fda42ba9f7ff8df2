package dev.linebase.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.linebase.io.Durability;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A log directory in the version 1 layout, checked in under {@code formats/v1/log} and never
 * regenerated: two segments named by their base lines (0 and 3), plain JSON Lines.
 */
class SegmentFormatGoldenTest {
  private static final List<String> LINES =
      List.of("{\"n\":0}", "{\"n\":1,\"s\":\"é\"}", "[2]", "\"three\"", "{\"n\":4}");

  @TempDir Path tmp;

  private static Path golden() throws URISyntaxException {
    return Path.of(SegmentFormatGoldenTest.class.getResource("/formats/v1/log").toURI());
  }

  private static List<String> readAll(SegmentedLog log, long from) throws IOException {
    List<String> out = new ArrayList<>();
    try (LogReader r = log.reader(from)) {
      while (r.next()) {
        out.add(r.text());
      }
    }
    return out;
  }

  @Test
  void readsTheV1LayoutReadOnlyWithoutWritingAnything() throws Exception {
    try (SegmentedLog log = SegmentedLog.openReadOnly(golden())) {
      assertThat(log.firstLine()).isZero();
      assertThat(log.endLine()).isEqualTo(5);
      assertThat(readAll(log, 0)).isEqualTo(LINES);
      assertThat(readAll(log, 1)).isEqualTo(LINES.subList(1, 5));
      assertThat(readAll(log, 4)).containsExactly("{\"n\":4}");
    }
    try (var files = Files.list(golden())) {
      assertThat(files.count()).as("no sidecar or lock written").isEqualTo(2);
    }
  }

  @Test
  void opensTheV1LayoutForWritingAndContinuesTheNumbering() throws Exception {
    Path dir = tmp.resolve("log");
    Files.createDirectories(dir);
    try (var files = Files.list(golden())) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Files.copy(p, dir.resolve(p.getFileName().toString()));
      }
    }
    try (SegmentedLog log = SegmentedLog.open(dir,
        LogConfig.builder().durability(Durability.SYNC).build())) {
      assertThat(log.recovery().cut()).isFalse();
      assertThat(log.append("{\"n\":5}")).isEqualTo(5);
      assertThat(readAll(log, 3)).containsExactly("\"three\"", "{\"n\":4}", "{\"n\":5}");
    }
    assertThat(SegmentFiles.list(dir)).extracting(SegmentFiles.SegmentFile::base)
        .containsExactly(0L, 3L);
  }
}
