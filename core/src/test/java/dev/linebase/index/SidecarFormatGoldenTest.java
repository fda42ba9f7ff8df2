package dev.linebase.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checked-in version 1 sidecar ({@code formats/v1/lines.jsonl.v1.lbidx}, interval 4, over
 * {@code lines.jsonl}: BOM, CRLF, blank line, lone CR, unterminated last line) still decodes,
 * re-encodes to the same bytes and opens fresh. Never regenerate these files.
 */
class SidecarFormatGoldenTest {
  @TempDir Path dir;

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = SidecarFormatGoldenTest.class.getResourceAsStream("/formats/v1/" + name)) {
      assertThat(in).as(name).isNotNull();
      return in.readAllBytes();
    }
  }

  @Test
  void version1DecodesAndReencodesIdentically() throws IOException {
    byte[] data = resource("lines.jsonl");
    byte[] golden = resource("lines.jsonl.v1.lbidx");
    SidecarFormat.Contents c = SidecarFormat.decode(Path.of("golden"), golden);
    Checkpoints cps = c.checkpoints();
    assertThat(cps.interval()).isEqualTo(4);
    assertThat(cps.totalLines()).isEqualTo(10);
    assertThat(cps.blockCount()).isEqualTo(1);
    assertThat(cps.checkpointCount()).isEqualTo(3);
    List<Oracle.Line> lines = Oracle.split(data);
    assertThat(lines).hasSize(10);
    for (int k = 0; k < 3; k++) {
      assertThat(cps.offset(k)).isEqualTo(lines.get(4 * k).offset());
    }
    assertThat(c.lastLineComplete()).isFalse();
    assertThat(c.fingerprint().length()).isEqualTo(data.length);
    assertThat(SidecarFormat.encode(c)).isEqualTo(golden);
  }

  @Test
  void version1OpensFreshOverItsFile() throws IOException {
    byte[] data = resource("lines.jsonl");
    byte[] golden = resource("lines.jsonl.v1.lbidx");
    Path f = dir.resolve("lines.jsonl");
    Files.write(f, data);
    Files.write(dir.resolve("lines.jsonl.lbidx"), golden);
    long mtimeNanos = SidecarFormat.decode(f, golden).mtimeNanos();
    Files.setLastModifiedTime(f, FileTime.from(mtimeNanos, TimeUnit.NANOSECONDS));
    try (LineIndex index = LineIndex.open(f, LineIndexOptions.defaults()
        .withCheckpointIntervalLines(4).withSidecarMode(SidecarMode.READ_ONLY))) {
      assertThat(index.openedFresh()).isTrue();
      LineIndexTest.assertMatchesOracle(index, data, "golden v1");
      assertThat(index.readLine(0)).isEqualTo("{\"id\":0,\"name\":\"first\"}");
      assertThat(index.readLine(3)).isEqualTo("{\"id\":3,\"cr\":\"a\rb\"}");
    }
  }
}
