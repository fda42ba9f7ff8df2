package dev.linebase.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineIndexRefreshTest {
  @TempDir Path dir;

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void append(Path f, String s) throws IOException {
    Files.write(f, utf8(s), StandardOpenOption.APPEND);
  }

  @Test
  void unchangedFileRefreshesToUnchanged() throws IOException {
    Path f = dir.resolve("f.jsonl");
    Files.write(f, utf8("a\nb\n"));
    try (LineIndex index = LineIndex.open(f)) {
      assertThat(index.refresh()).isEqualTo(RefreshResult.UNCHANGED);
      assertThat(index.totalLines()).isEqualTo(2);
    }
  }

  @Test
  void appendedLinesAreIndexedIncrementally() throws IOException {
    Path f = dir.resolve("f.jsonl");
    Files.write(f, utf8("a\nb\n"));
    LineIndexOptions o = LineIndexOptions.defaults().withCheckpointIntervalLines(2);
    try (LineIndex index = LineIndex.open(f, o)) {
      StringBuilder all = new StringBuilder("a\nb\n");
      for (int round = 0; round < 20; round++) {
        String more = "line" + round + "\n" + "x".repeat(round) + "\n";
        append(f, more);
        all.append(more);
        assertThat(index.refresh()).isEqualTo(RefreshResult.APPENDED);
        LineIndexTest.assertMatchesOracle(index, utf8(all.toString()), "round " + round);
      }
    }
  }

  @Test
  void unterminatedLastLineIsNeverSplit() throws IOException {
    Path f = dir.resolve("f.jsonl");
    Files.write(f, utf8("one\ntw"));
    LineIndexOptions o = LineIndexOptions.defaults().withCheckpointIntervalLines(1);
    try (LineIndex index = LineIndex.open(f, o)) {
      assertThat(index.totalLines()).isEqualTo(2);
      assertThat(index.readLine(1)).isEqualTo("tw");
      assertThat(index.lastLineComplete()).isFalse();
      append(f, "o");
      assertThat(index.refresh()).isEqualTo(RefreshResult.APPENDED);
      assertThat(index.totalLines()).isEqualTo(2);
      assertThat(index.readLine(1)).isEqualTo("two");
      append(f, "\r\nthree\n");
      assertThat(index.refresh()).isEqualTo(RefreshResult.APPENDED);
      assertThat(index.totalLines()).isEqualTo(3);
      assertThat(index.readLine(1)).isEqualTo("two");
      assertThat(index.readLine(2)).isEqualTo("three");
      assertThat(index.lastLineComplete()).isTrue();
      LineIndexTest.assertMatchesOracle(index, Files.readAllBytes(f), "after appends");
    }
  }

  @Test
  void emptyFileThatGrowsIsAppended() throws IOException {
    Path f = dir.resolve("f.jsonl");
    Files.write(f, new byte[0]);
    try (LineIndex index = LineIndex.open(f)) {
      append(f, "x\ny\n");
      assertThat(index.refresh()).isEqualTo(RefreshResult.APPENDED);
      assertThat(index.tail(5)).containsExactly("x", "y");
    }
  }

  @Test
  void shrunkOrRewrittenFileIsRebuilt() throws IOException {
    Path f = dir.resolve("f.jsonl");
    Files.write(f, utf8("aaaa\nbbbb\ncccc\n"));
    try (LineIndex index = LineIndex.open(f)) {
      Files.write(f, utf8("aaaa\n"));
      assertThat(index.refresh()).isEqualTo(RefreshResult.REBUILT);
      assertThat(index.totalLines()).isEqualTo(1);
      // Same size, other bytes.
      Files.write(f, utf8("zzzz\n"));
      Files.setLastModifiedTime(f, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
      assertThat(index.refresh()).isEqualTo(RefreshResult.REBUILT);
      assertThat(index.readLine(0)).isEqualTo("zzzz");
      // Longer, with the old bytes changed: not an append.
      Files.write(f, utf8("yyyy\nmore\n"));
      assertThat(index.refresh()).isEqualTo(RefreshResult.REBUILT);
      assertThat(index.tail(2)).containsExactly("yyyy", "more");
    }
  }

  @Test
  void replacedFileIsReopened() throws IOException {
    Path f = dir.resolve("f.jsonl");
    Files.write(f, utf8("old\n"));
    try (LineIndex index = LineIndex.open(f)) {
      Path tmp = dir.resolve("new.tmp");
      Files.write(tmp, utf8("new\nfile\n"));
      Files.move(tmp, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      assertThat(index.refresh()).isEqualTo(RefreshResult.REBUILT);
      assertThat(index.tail(5)).containsExactly("new", "file");
    }
  }

  @Test
  void deletedFileKeepsServingIndexedBytesAndRefreshFails() throws IOException {
    Path f = dir.resolve("f.jsonl");
    Files.write(f, utf8("a\nb\n"));
    try (LineIndex index = LineIndex.open(f, LineIndexOptions.defaults()
        .withSidecarMode(SidecarMode.READ_ONLY))) {
      Files.delete(f);
      assertThat(index.readLine(1)).isEqualTo("b");
      assertThatThrownBy(index::refresh)
          .isInstanceOf(FileChangedException.class)
          .hasMessageContaining(f.toString())
          .hasMessageContaining("deleted");
    }
  }

  @Test
  void truncatedWhileOpenGivesClearErrorNotGarbage() throws IOException {
    Path f = dir.resolve("f.jsonl");
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 20_000; i++) {
      sb.append("{\"i\":").append(i).append("}\n");
    }
    Files.write(f, utf8(sb.toString()));
    try (LineIndex index = LineIndex.open(f, LineIndexOptions.defaults()
        .withSidecarMode(SidecarMode.READ_ONLY))) {
      long total = index.totalLines();
      try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(f,
          StandardOpenOption.WRITE)) {
        ch.truncate(index.span(10_000).offset() + 3);
      }
      assertThat(index.readLine(5)).isEqualTo("{\"i\":5}");
      // Inside the page that holds the new end (zero-filled), and pages past it (SIGBUS).
      for (long n : new long[] {10_000, 10_001, total / 2 + 100, total - 1}) {
        assertThatThrownBy(() -> index.readLine(n))
            .as("line " + n)
            .isInstanceOf(FileChangedException.class)
            .hasMessageContaining(f.toString())
            .hasMessageContaining("truncated");
      }
      assertThatThrownBy(() -> index.tail(3)).isInstanceOf(FileChangedException.class);
      assertThat(index.refresh()).isEqualTo(RefreshResult.REBUILT);
      assertThat(index.totalLines()).isEqualTo(10_001);
      assertThat(index.readLine(10_000)).isEqualTo("{\"i");
    }
  }

  @Test
  void progressIsReportedUpToTheTotal() throws IOException {
    Path f = dir.resolve("f.jsonl");
    Files.write(f, utf8(("x".repeat(100) + "\n").repeat(1000)));
    List<long[]> calls = new ArrayList<>();
    LineIndexOptions o = LineIndexOptions.defaults()
        .withProgress((done, total) -> calls.add(new long[] {done, total}));
    try (LineIndex index = LineIndex.open(f, o)) {
      assertThat(index.totalLines()).isEqualTo(1000);
    }
    assertThat(calls).isNotEmpty();
    assertThat(calls.get(calls.size() - 1)).containsExactly(101_000, 101_000);
    for (int i = 1; i < calls.size(); i++) {
      assertThat(calls.get(i)[0]).isGreaterThanOrEqualTo(calls.get(i - 1)[0]);
    }
  }
}
