package dev.linebase.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InputLinesTest {
  private static List<String> split(InputStream in, int max) throws Exception {
    InputLines lines = new InputLines(in, max);
    List<String> out = new ArrayList<>();
    byte[] line;
    while ((line = lines.next()) != null) {
      out.add(new String(line, StandardCharsets.UTF_8));
      assertThat(lines.lineNumber()).isEqualTo(out.size());
    }
    return out;
  }

  private static InputStream bytes(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void splitsOnNewlineStripsCrBeforeItAndKeepsAnUnterminatedLastLine() throws Exception {
    assertThat(split(bytes("a\r\nb\n\nc\rd\ne"), 100))
        .containsExactly("a", "b", "", "c\rd", "e");
    assertThat(split(bytes(""), 100)).isEmpty();
    assertThat(split(bytes("\n"), 100)).containsExactly("");
  }

  @Test
  void linesAcrossBufferBoundariesInSmallReads() throws Exception {
    Random random = new Random(5);
    StringBuilder sb = new StringBuilder();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      String line = "x".repeat(random.nextInt(300)) + i;
      expected.add(line);
      sb.append(line).append('\n');
    }
    byte[] all = sb.toString().getBytes(StandardCharsets.UTF_8);
    InputStream trickle = new ByteArrayInputStream(all) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, 1 + random.nextInt(700)));
      }
    };
    assertThat(split(trickle, 1000)).isEqualTo(expected);
  }

  @Test
  void aLineOverTheLimitIsAUserErrorNamingIt() {
    assertThatThrownBy(() -> split(bytes("ok\n" + "y".repeat(200_000) + "\n"), 100_000))
        .isInstanceOf(UserException.class)
        .hasMessage("stdin line 2 is longer than 100000 bytes (maxRecordBytes)");
  }
}
