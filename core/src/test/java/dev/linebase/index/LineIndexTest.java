package dev.linebase.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineIndexTest {
  @TempDir Path dir;

  private Path write(String name, byte[] bytes) throws IOException {
    Path f = dir.resolve(name);
    Files.write(f, bytes);
    return f;
  }

  private Path write(String content) throws IOException {
    return write("f.jsonl", content.getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> all(LineIndex index) throws IOException {
    List<String> out = new ArrayList<>();
    for (long n = 0; n < index.totalLines(); n++) {
      out.add(index.readLine(n));
    }
    return out;
  }

  /** Checks every line, span and byte array against the oracle. */
  static void assertMatchesOracle(LineIndex index, byte[] file, String context) throws IOException {
    List<Oracle.Line> expected = Oracle.split(file);
    assertThat(index.totalLines()).as(context).isEqualTo(expected.size());
    assertThat(index.fileSize()).as(context).isEqualTo(file.length);
    assertThat(index.lastLineComplete()).as(context)
        .isEqualTo(file.length == 0 || file[file.length - 1] == '\n');
    for (int n = 0; n < expected.size(); n++) {
      Oracle.Line line = expected.get(n);
      assertThat(index.span(n)).as(context + " span of line " + n)
          .isEqualTo(new LineSpan(line.offset(), line.length()));
      assertThat(index.readBytes(n)).as(context + " bytes of line " + n).isEqualTo(line.content());
    }
  }

  @Test
  void emptyFileHasNoLines() throws IOException {
    try (LineIndex index = LineIndex.open(write(""))) {
      assertThat(index.totalLines()).isZero();
      assertThat(index.fileSize()).isZero();
      assertThat(index.lastLineComplete()).isTrue();
      assertThat(index.tail(5)).isEmpty();
      assertThat(index.sample(3, 1)).isEmpty();
      try (Stream<String> s = index.lines(0)) {
        assertThat(s).isEmpty();
      }
      assertThatThrownBy(() -> index.readLine(0))
          .isInstanceOf(IndexOutOfBoundsException.class)
          .hasMessageContaining("line 0")
          .hasMessageContaining("no lines");
    }
  }

  @Test
  void loneNewlineIsOneBlankLine() throws IOException {
    try (LineIndex index = LineIndex.open(write("\n"))) {
      assertThat(index.totalLines()).isEqualTo(1);
      assertThat(index.readLine(0)).isEmpty();
      assertThat(index.span(0)).isEqualTo(new LineSpan(0, 1));
      assertThat(index.lastLineComplete()).isTrue();
    }
  }

  @Test
  void lastLineWithoutNewlineCountsAndIsFlagged() throws IOException {
    try (LineIndex index = LineIndex.open(write("a\nbc"))) {
      assertThat(all(index)).containsExactly("a", "bc");
      assertThat(index.lastLineComplete()).isFalse();
      assertThat(index.span(1)).isEqualTo(new LineSpan(2, 2));
    }
  }

  @Test
  void crlfIsStrippedAndLoneCrIsContent() throws IOException {
    try (LineIndex index = LineIndex.open(write("a\r\nb\rc\n\r\n\r"))) {
      assertThat(all(index)).containsExactly("a", "b\rc", "", "\r");
      assertThat(index.span(0)).isEqualTo(new LineSpan(0, 3));
    }
  }

  @Test
  void blankLinesAreLines() throws IOException {
    try (LineIndex index = LineIndex.open(write("\n\n{}\n\n"))) {
      assertThat(all(index)).containsExactly("", "", "{}", "");
    }
  }

  @Test
  void bomIsNotPartOfLineZero() throws IOException {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] file = concat(bom, "{\"a\":1}\r\n{\"b\":2}\n".getBytes(StandardCharsets.UTF_8));
    try (LineIndex index = LineIndex.open(write("bom.jsonl", file))) {
      assertThat(all(index)).containsExactly("{\"a\":1}", "{\"b\":2}");
      assertThat(index.span(0)).isEqualTo(new LineSpan(0, 12));
      assertThat(index.readTree(0).get("a").asInt()).isEqualTo(1);
    }
    try (LineIndex index = LineIndex.open(write("bomonly.jsonl", bom))) {
      assertThat(all(index)).containsExactly("");
    }
  }

  @Test
  void unicodeLinesDecode() throws IOException {
    String[] lines = {"日本語のテキスト", "emoji 😀🎉 and 𝄞", "עברית ومرحبا", "mixed é ß ø"};
    try (LineIndex index = LineIndex.open(write(String.join("\n", lines) + "\n"))) {
      assertThat(all(index)).containsExactly(lines);
    }
  }

  @Test
  void invalidUtf8IsReportedOnlyForThatLine() throws IOException {
    byte[] file = concat("ok\n".getBytes(StandardCharsets.UTF_8),
        new byte[] {'b', (byte) 0xC3, (byte) 0x28, '\n'}, "fine\n".getBytes(StandardCharsets.UTF_8));
    Path f = write("bad.jsonl", file);
    try (LineIndex index = LineIndex.open(f)) {
      assertThat(index.totalLines()).isEqualTo(3);
      assertThat(index.readLine(0)).isEqualTo("ok");
      assertThat(index.readLine(2)).isEqualTo("fine");
      assertThatThrownBy(() -> index.readLine(1))
          .isInstanceOf(CharacterCodingException.class)
          .hasMessageContaining(f.toString())
          .hasMessageContaining("line 1");
      assertThat(index.readBytes(1)).containsExactly('b', 0xC3, 0x28);
    }
  }

  @Test
  void outOfRangeNamesLineAndRange() throws IOException {
    try (LineIndex index = LineIndex.open(write("a\nb\n"))) {
      assertThatThrownBy(() -> index.readLine(2))
          .isInstanceOf(IndexOutOfBoundsException.class)
          .hasMessageContaining("line 2")
          .hasMessageContaining("0..1");
      assertThatThrownBy(() -> index.span(-1))
          .isInstanceOf(IndexOutOfBoundsException.class)
          .hasMessageContaining("line -1");
      assertThatThrownBy(() -> index.readLines(0, 5))
          .isInstanceOf(IndexOutOfBoundsException.class)
          .hasMessageContaining("line 5");
      assertThatThrownBy(() -> index.lines(3))
          .isInstanceOf(IndexOutOfBoundsException.class);
    }
  }

  private static String numbered(int lines) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < lines; i++) {
      sb.append("{\"n\":").append(i).append(",\"pad\":\"").append("x".repeat(i % 17)).append("\"}\n");
    }
    return sb.toString();
  }

  record Row(int n, String pad) {}

  @Test
  void readsJsonThroughJackson() throws IOException {
    try (LineIndex index = LineIndex.open(write(numbered(100)))) {
      assertThat(index.read(42, Row.class)).isEqualTo(new Row(42, "x".repeat(42 % 17)));
      JsonNode tree = index.readTree(99);
      assertThat(tree.get("n").asInt()).isEqualTo(99);
    }
    try (LineIndex index = LineIndex.open(write("bad.jsonl", "{nope\n".getBytes(StandardCharsets.UTF_8)))) {
      assertThatThrownBy(() -> index.readTree(0))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("line 0");
    }
  }

  @Test
  void readLinesKeepsOrderAndDuplicates() throws IOException {
    LineIndexOptions small = LineIndexOptions.defaults().withCheckpointIntervalLines(4);
    try (LineIndex index = LineIndex.open(write(numbered(1000)), small)) {
      long[] ask = {999, 3, 3, 500, 0, 501, 4, 999, 2};
      List<String> got = index.readLines(ask);
      assertThat(got).hasSize(ask.length);
      for (int i = 0; i < ask.length; i++) {
        assertThat(got.get(i)).isEqualTo(index.readLine(ask[i]));
        assertThat(got.get(i)).startsWith("{\"n\":" + ask[i] + ",");
      }
      assertThat(index.readLines()).isEmpty();
    }
  }

  @Test
  void streamsAndCursorsReportLineNumbers() throws IOException {
    try (LineIndex index = LineIndex.open(write(numbered(300)))) {
      try (Stream<String> s = index.lines(250)) {
        List<String> rest = s.collect(Collectors.toList());
        assertThat(rest).hasSize(50);
        assertThat(rest.get(0)).startsWith("{\"n\":250,");
      }
      try (Stream<String> s = index.lines(10, 13)) {
        assertThat(s.map(l -> l.substring(0, 8))).containsExactly("{\"n\":10,", "{\"n\":11,", "{\"n\":12,");
      }
      try (LineCursor c = index.cursor(297)) {
        List<Long> numbers = new ArrayList<>();
        while (c.next()) {
          numbers.add(c.lineNumber());
          assertThat(c.line()).startsWith("{\"n\":" + c.lineNumber() + ",");
          assertThat(c.span()).isEqualTo(index.span(c.lineNumber()));
        }
        assertThat(numbers).containsExactly(297L, 298L, 299L);
        assertThat(c.nextLineNumber()).isEqualTo(300);
        assertThat(c.nextOffset()).isEqualTo(index.fileSize());
      }
      try (Stream<String> s = index.lines(300)) {
        assertThat(s).isEmpty();
      }
    }
  }

  @Test
  void tailReturnsLastLinesInOrder() throws IOException {
    try (LineIndex index = LineIndex.open(write("a\nb\nc"))) {
      assertThat(index.tail(2)).containsExactly("b", "c");
      assertThat(index.tail(10)).containsExactly("a", "b", "c");
      assertThat(index.tail(0)).isEmpty();
      assertThatThrownBy(() -> index.tail(-1)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("-1");
    }
  }

  @Test
  void sampleIsDistinctDeterministicAndInFileOrder() throws IOException {
    try (LineIndex index = LineIndex.open(write(numbered(1000)))) {
      List<String> a = index.sample(50, 7);
      assertThat(a).hasSize(50).doesNotHaveDuplicates();
      assertThat(index.sample(50, 7)).isEqualTo(a);
      assertThat(index.sample(50, 8)).isNotEqualTo(a);
      List<Integer> numbers = a.stream().map(l -> Integer.parseInt(l.substring(5, l.indexOf(','))))
          .collect(Collectors.toList());
      assertThat(numbers).isSorted();
      assertThat(index.sample(5000, 1)).hasSize(1000);
      // Every line is reachable and the choice is roughly uniform.
      int[] hits = new int[10];
      for (long seed = 0; seed < 2000; seed++) {
        for (String l : index.sample(5, seed)) {
          hits[Integer.parseInt(l.substring(5, l.indexOf(','))) / 100]++;
        }
      }
      for (int h : hits) {
        assertThat(h).as("hits per tenth of the file").isBetween(800, 1200);
      }
    }
  }

  @Test
  void sampleCoversAllSubsetsOfTinyFile() throws IOException {
    try (LineIndex index = LineIndex.open(write("a\nb\nc\n"))) {
      HashSet<List<String>> seen = new HashSet<>();
      for (long seed = 0; seed < 200; seed++) {
        seen.add(index.sample(2, seed));
      }
      assertThat(seen).containsExactlyInAnyOrder(List.of("a", "b"), List.of("a", "c"), List.of("b", "c"));
    }
  }

  @Test
  void smallIntervalsAndChunksMatchOracle() throws IOException {
    byte[] file = (numbered(500) + "tail without newline é").getBytes(StandardCharsets.UTF_8);
    Path f = write("o.jsonl", file);
    for (int interval : new int[] {1, 2, 3, 64, 1000}) {
      for (int chunk : new int[] {8, 13, 64, 4096, 1 << 30}) {
        LineIndexOptions o = LineIndexOptions.defaults().withCheckpointIntervalLines(interval)
            .withMapChunkBytes(chunk).withSidecarMode(SidecarMode.READ_ONLY);
        try (LineIndex index = LineIndex.open(f, o)) {
          assertMatchesOracle(index, file, "interval " + interval + " chunk " + chunk);
        }
      }
    }
  }

  @Test
  void closeIsIdempotentAndReadsAfterCloseFail() throws IOException {
    LineIndex index = LineIndex.open(write("a\n"));
    index.close();
    index.close();
    assertThatThrownBy(() -> index.readLine(0)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void missingFileFailsClearly() {
    Path missing = dir.resolve("missing.jsonl");
    assertThatThrownBy(() -> LineIndex.open(missing))
        .isInstanceOf(java.nio.file.NoSuchFileException.class)
        .hasMessageContaining("missing.jsonl");
  }

  @Test
  void cursorRejectsMisuseAndStreamsCloseTheirCursor() throws IOException {
    LineIndex index = LineIndex.open(write("a\nb\n"));
    LineCursor c = index.cursor(0);
    assertThatThrownBy(c::lineNumber).isInstanceOf(java.util.NoSuchElementException.class)
        .hasMessageContaining("next()");
    assertThat(c.next()).isTrue();
    assertThat(c.bytes()).containsExactly('a');
    c.close();
    c.close();
    assertThatThrownBy(c::next).isInstanceOf(IllegalStateException.class);
    Stream<String> s = index.lines(0);
    index.close();
    assertThatThrownBy(() -> s.findFirst()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    s.close();
  }

  @Test
  void parallelBuildReportsProgressOnTheCallingThread() throws IOException {
    Path f = write(numbered(50_000));
    long size = Files.size(f);
    List<long[]> calls = new ArrayList<>();
    Thread caller = Thread.currentThread();
    LineIndexOptions o = LineIndexOptions.defaults().withSidecarMode(SidecarMode.READ_ONLY)
        .withBuildThreads(4).withMinBytesPerThread(1000)
        .withProgress((done, total) -> {
          assertThat(Thread.currentThread()).isSameAs(caller);
          calls.add(new long[] {done, total});
        });
    try (LineIndex index = LineIndex.open(f, o)) {
      assertThat(index.totalLines()).isEqualTo(50_000);
      assertThat(index.readLine(49_999)).startsWith("{\"n\":49999,");
    }
    assertThat(calls.get(0)).containsExactly(0, size);
    assertThat(calls.get(calls.size() - 1)).containsExactly(size, size);
    for (int i = 1; i < calls.size(); i++) {
      assertThat(calls.get(i)[0]).isGreaterThanOrEqualTo(calls.get(i - 1)[0]);
    }
  }

  static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}
