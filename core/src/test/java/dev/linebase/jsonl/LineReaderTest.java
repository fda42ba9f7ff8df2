package dev.linebase.jsonl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineReaderTest {
  @TempDir Path dir;

  /** One line as the reader reports it: content, offset, completeness. */
  record Seen(String content, long offset, boolean complete) {}

  private List<Seen> readAll(byte[] data, long startOffset, long startLine, int max)
      throws IOException {
    Path f = dir.resolve("f.jsonl");
    Files.write(f, data);
    List<Seen> out = new ArrayList<>();
    try (LineReader r = LineReader.open(f, startOffset, startLine, max)) {
      long expectLine = startLine;
      while (r.next()) {
        assertThat(r.lineNumber()).isEqualTo(expectLine++);
        out.add(new Seen(new String(r.buffer(), r.contentOffset(), r.contentLength(),
            StandardCharsets.UTF_8), r.lineOffset(), r.complete()));
      }
    }
    return out;
  }

  private List<Seen> readAll(String s) throws IOException {
    return readAll(s.getBytes(StandardCharsets.UTF_8), 0, 0, 1 << 20);
  }

  @Test
  void emptyFileHasNoLines() throws IOException {
    assertThat(readAll("")).isEmpty();
  }

  @Test
  void loneNewlineIsOneBlankLine() throws IOException {
    assertThat(readAll("\n")).containsExactly(new Seen("", 0, true));
  }

  @Test
  void crlfIsStrippedAndLoneCrIsContent() throws IOException {
    assertThat(readAll("a\r\nb\rc\n\r\n"))
        .containsExactly(new Seen("a", 0, true), new Seen("b\rc", 3, true), new Seen("", 7, true));
  }

  @Test
  void unterminatedLastLineIsFlagged() throws IOException {
    assertThat(readAll("{\"a\":1}\n{\"b\"")).containsExactly(
        new Seen("{\"a\":1}", 0, true), new Seen("{\"b\"", 8, false));
  }

  @Test
  void bomAtStartIsNotContent() throws IOException {
    byte[] data = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '1', '\n', '2', '\n'};
    assertThat(readAll(data, 0, 0, 100))
        .containsExactly(new Seen("1", 0, true), new Seen("2", 5, true));
  }

  @Test
  void startsAtGivenOffsetAndLine() throws IOException {
    assertThat(readAll("aa\nbb\ncc\n".getBytes(StandardCharsets.UTF_8), 3, 41, 100))
        .containsExactly(new Seen("bb", 3, true), new Seen("cc", 6, true));
  }

  @Test
  void lineLongerThanLimitNamesFileLineAndOffset() throws IOException {
    String data = "ok\n" + "x".repeat(200) + "\n";
    assertThatThrownBy(() -> readAll(data.getBytes(StandardCharsets.UTF_8), 0, 0, 100))
        .isInstanceOf(LineReader.LineTooLongException.class)
        .hasMessageContaining("f.jsonl")
        .hasMessageContaining("line 1")
        .hasMessageContaining("byte offset 3");
  }

  @Test
  void linesSpanningManyBufferRefillsAreWhole() throws IOException {
    String big = "y".repeat(300_000);
    assertThat(readAll("a\n" + big + "\nb"))
        .containsExactly(new Seen("a", 0, true), new Seen(big, 2, true),
            new Seen("b", 300_003, false));
  }

  @Test
  void invalidUtf8IsReportedWithLocation() throws IOException {
    Path f = dir.resolve("bad.jsonl");
    Files.write(f, new byte[] {'o', 'k', '\n', (byte) 0xC3, (byte) 0x28, '\n'});
    try (LineReader r = LineReader.open(f, 1000)) {
      assertThat(r.next()).isTrue();
      assertThat(r.content()).isEqualTo("ok");
      assertThat(r.next()).isTrue();
      assertThat(r.contentBytes()).containsExactly((byte) 0xC3, (byte) 0x28);
      assertThatThrownBy(r::content)
          .isInstanceOf(CharacterCodingException.class)
          .hasMessageContaining("bad.jsonl: line 1 at byte offset 3 is not valid UTF-8");
    }
  }

  @Test
  void randomFilesMatchAnIndependentSplitter() throws IOException {
    long seed = Long.getLong("linebase.seed", new Random().nextLong());
    System.out.println("SEED LineReaderTest.randomFilesMatchAnIndependentSplitter=" + seed);
    Random rnd = new Random(seed);
    byte[] alphabet = {'a', 'b', '\n', '\r', '"', '{', '}', ' '};
    for (int round = 0; round < 50; round++) {
      byte[] data = new byte[rnd.nextInt(200_000)];
      for (int i = 0; i < data.length; i++) {
        data[i] = alphabet[rnd.nextInt(alphabet.length)];
      }
      List<Seen> expected = new ArrayList<>();
      int start = 0;
      for (int i = 0; i <= data.length; i++) {
        if (i == data.length || data[i] == '\n') {
          if (i == data.length && start == data.length) {
            break;
          }
          int end = i;
          if (i < data.length && end > start && data[end - 1] == '\r') {
            end--;
          }
          expected.add(new Seen(new String(data, start, end - start, StandardCharsets.UTF_8),
              start, i < data.length));
          start = i + 1;
        }
      }
      assertThat(readAll(data, 0, 0, 1 << 20)).as("seed %d round %d", seed, round)
          .isEqualTo(expected);
    }
  }

  @Test
  void respectsLimitOffsetOfAnOpenChannel() throws IOException {
    Path f = dir.resolve("limit.jsonl");
    Files.writeString(f, "a\nb\nc\n");
    try (var ch = java.nio.channels.FileChannel.open(f)) {
      LineReader r = LineReader.over(f, ch, 0, 0, 100, 4);
      List<String> got = new ArrayList<>();
      while (r.next()) {
        got.add(r.content());
      }
      assertThat(got).containsExactly("a", "b");
      assertThat(ch.isOpen()).isTrue();
    }
  }

  @Test
  void stopAtNulEndsTheDataAtTheFirstNulByte() throws IOException {
    Path f = dir.resolve("nul.jsonl");
    byte[] data = new byte[5000];
    byte[] head = "a\nbc\nde".getBytes(StandardCharsets.UTF_8);
    System.arraycopy(head, 0, data, 0, head.length);
    Files.write(f, data);
    try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(f)) {
      LineReader r = LineReader.over(f, ch, 0, 0, 16, Long.MAX_VALUE).stopAtNul();
      assertThat(r.next()).isTrue();
      assertThat(r.complete()).isTrue();
      assertThat(r.next()).isTrue();
      assertThat(r.content()).isEqualTo("bc");
      assertThat(r.next()).isTrue();
      assertThat(r.complete()).as("the line running into NULs is incomplete").isFalse();
      assertThat(r.content()).isEqualTo("de");
      assertThat(r.lineOffset()).isEqualTo(5);
    }
  }

  @Test
  void extendLimitLetsAReaderContinueAsTheFileGrows() throws IOException {
    Path f = dir.resolve("grow.jsonl");
    Files.write(f, "one\ntwo\nthree\n".getBytes(StandardCharsets.UTF_8));
    try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(f)) {
      LineReader r = LineReader.over(f, ch, 0, 0, 100, 4);
      assertThat(r.next()).isTrue();
      assertThat(r.content()).isEqualTo("one");
      assertThat(r.next()).isFalse();
      r.extendLimit(2); // lower: ignored
      r.extendLimit(8);
      assertThat(r.next()).isTrue();
      assertThat(r.content()).isEqualTo("two");
      assertThat(r.lineNumber()).isEqualTo(1);
      r.extendLimit(Long.MAX_VALUE);
      assertThat(r.next()).isTrue();
      assertThat(r.content()).isEqualTo("three");
      assertThat(r.next()).isFalse();
    }
  }

  @Test
  void streamReadsLikeAFile() throws IOException {
    Random random = new Random(7);
    StringBuilder sb = new StringBuilder("\uFEFFfirst\r\n\nlone\rcr\n");
    for (int i = 0; i < 20_000; i++) {
      sb.append("x".repeat(random.nextInt(40))).append(random.nextBoolean() ? "\n" : "\r\n");
    }
    sb.append("unterminated");
    byte[] data = sb.toString().getBytes(StandardCharsets.UTF_8);
    List<Seen> fromStream = new ArrayList<>();
    try (LineReader r = LineReader.over(new java.io.ByteArrayInputStream(data), Path.of("stdin"),
        1 << 20)) {
      long expectLine = 0;
      while (r.next()) {
        assertThat(r.lineNumber()).isEqualTo(expectLine++);
        fromStream.add(new Seen(r.content(), r.lineOffset(), r.complete()));
      }
    }
    assertThat(fromStream).isEqualTo(readAll(data, 0, 0, 1 << 20));
    assertThat(fromStream.get(0)).isEqualTo(new Seen("first", 0, true));
    assertThat(fromStream.get(2).content()).isEqualTo("lone\rcr");
    assertThat(fromStream.get(fromStream.size() - 1)).extracting(Seen::complete).isEqualTo(false);
  }

  @Test
  void streamLineTooLongNamesTheStreamAndLine() {
    byte[] data = "ok\n0123456789\n".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> {
      try (LineReader r = LineReader.over(new java.io.ByteArrayInputStream(data),
          Path.of("stdin"), 5)) {
        while (r.next()) {
          // read on
        }
      }
    }).isInstanceOf(LineReader.LineTooLongException.class).hasMessageContaining("stdin: line 1");
  }
}
