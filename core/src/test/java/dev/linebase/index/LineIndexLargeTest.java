package dev.linebase.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.linebase.testkit.Seeds;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A million-line file line by line against an independent reader, and one 100 MB line. */
class LineIndexLargeTest {
  /** Multiplies iterations: {@code -Dlinebase.scale=N} for longer local runs. */
  private static final int SCALE = Integer.getInteger("linebase.scale", 1);

  @TempDir Path dir;

  @Test
  void millionLinesMatchAnIndependentReader() throws IOException {
    long seed = Seeds.seed("millionLinesMatchAnIndependentReader");
    Random r = new Random(seed);
    Path f = dir.resolve("million.jsonl");
    int lines = 1_000_000 * SCALE;
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(f), 1 << 16)) {
      for (int i = 0; i < lines; i++) {
        int kind = r.nextInt(20);
        String s = kind == 0 ? "" : kind == 1 ? "{\"cr\":\"a\rb\"}" : kind == 2 ? "{\"u\":\"日本😀\"}"
            : "{\"i\":" + i + ",\"p\":\"" + "x".repeat(r.nextInt(60)) + "\"}";
        out.write(s.getBytes(StandardCharsets.UTF_8));
        out.write(r.nextInt(10) == 0 ? new byte[] {'\r', '\n'} : new byte[] {'\n'});
      }
    }
    try (LineIndex index = LineIndex.open(f, LineIndexOptions.defaults()
        .withBuildThreads(2).withMinBytesPerThread(1 << 20));
        InputStream in = new java.io.BufferedInputStream(Files.newInputStream(f), 1 << 16)) {
      assertThat(index.totalLines()).isEqualTo(lines);
      // Independent reader: bytes up to '\n', then strip one '\r'.
      byte[] buf = new byte[1 << 12];
      long n = 0;
      long offset = 0;
      int len = 0;
      int b;
      while ((b = in.read()) >= 0) {
        if (b != '\n') {
          if (len == buf.length) {
            buf = Arrays.copyOf(buf, len * 2);
          }
          buf[len++] = (byte) b;
          continue;
        }
        int content = len > 0 && buf[len - 1] == '\r' ? len - 1 : len;
        String expected = new String(buf, 0, content, StandardCharsets.UTF_8);
        String got = index.readLine(n);
        if (!got.equals(expected)) {
          assertThat(got).as("seed " + seed + " line " + n).isEqualTo(expected);
        }
        if (n % 9973 == 0) {
          assertThat(index.span(n)).as("line " + n).isEqualTo(new LineSpan(offset, len + 1));
        }
        offset += len + 1;
        len = 0;
        n++;
      }
      assertThat(n).isEqualTo(lines);
    }
  }

  @Test
  void hundredMegabyteSingleLine() throws IOException {
    Path f = dir.resolve("big.jsonl");
    int size = 100 << 20;
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(f), 1 << 20)) {
      out.write("first\n".getBytes(StandardCharsets.US_ASCII));
      out.write('"');
      byte[] chunk = "0123456789abcdef".repeat(4096).getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < size / chunk.length; i++) {
        out.write(chunk);
      }
      out.write("\"\nlast".getBytes(StandardCharsets.US_ASCII));
    }
    try {
      try (LineIndex index = LineIndex.open(f)) {
        assertThat(index.totalLines()).isEqualTo(3);
        assertThat(index.span(1)).isEqualTo(new LineSpan(6, size + 3));
        String big = index.readLine(1);
        assertThat(big).hasSize(size + 2).startsWith("\"0123").endsWith("ef\"");
        assertThat(index.readLine(2)).isEqualTo("last");
        assertThat(index.tail(1)).containsExactly("last");
      }
      try (LineIndex index = LineIndex.open(f)) {
        assertThat(index.openedFresh()).isTrue();
        assertThat(index.readLine(0)).isEqualTo("first");
      }
    } finally {
      Files.deleteIfExists(f);
      Files.deleteIfExists(f.resolveSibling("big.jsonl.lbidx"));
    }
  }

  @Test
  void offsetsBeyondTwoGigabytesInASparseFile() throws IOException {
    Path f = dir.resolve("sparse.jsonl");
    long far = (1L << 31) + 5; // offsets past Integer.MAX_VALUE
    try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(f,
        java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
      ch.write(java.nio.ByteBuffer.wrap("a\nb\n".getBytes(StandardCharsets.US_ASCII)), 0);
      // Bytes 4..far are a hole: zeros, so one line of just over 2 GiB.
      ch.write(java.nio.ByteBuffer.wrap("c\nd\n".getBytes(StandardCharsets.US_ASCII)), far);
    }
    try {
      try (LineIndex index = LineIndex.open(f, LineIndexOptions.defaults()
          .withSidecarMode(SidecarMode.READ_ONLY))) {
        assertThat(index.totalLines()).isEqualTo(4);
        assertThat(index.fileSize()).isEqualTo(far + 4);
        assertThat(index.readLines(0, 1, 3)).containsExactly("a", "b", "d");
        assertThat(index.span(3)).isEqualTo(new LineSpan(far + 2, 2));
        assertThat(index.tail(1)).containsExactly("d");
        assertThatThrownBy(() -> index.span(2))
            .isInstanceOf(IOException.class)
            .hasMessageContaining("line 2")
            .hasMessageContaining("2 GiB");
        assertThatThrownBy(() -> index.readLine(2))
            .isInstanceOf(IOException.class)
            .hasMessageContaining("too long");
      }
    } finally {
      Files.deleteIfExists(f);
    }
  }
}
