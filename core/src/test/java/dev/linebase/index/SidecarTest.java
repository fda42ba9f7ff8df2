package dev.linebase.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SidecarTest {
  @TempDir Path dir;

  private Path data(int lines) throws IOException {
    Path f = dir.resolve("d.jsonl");
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < lines; i++) {
      sb.append("{\"i\":").append(i).append("}\n");
    }
    Files.write(f, sb.toString().getBytes(StandardCharsets.UTF_8));
    return f;
  }

  @Test
  void sidecarIsWrittenBesideTheFileAndReusedFresh() throws IOException {
    Path f = data(1000);
    try (LineIndex index = LineIndex.open(f)) {
      assertThat(index.openedFresh()).isFalse();
      assertThat(index.sidecarPath()).isEqualTo(dir.resolve("d.jsonl.lbidx"));
    }
    assertThat(dir.resolve("d.jsonl.lbidx")).exists();
    try (LineIndex index = LineIndex.open(f)) {
      assertThat(index.openedFresh()).isTrue();
      assertThat(index.readLine(999)).isEqualTo("{\"i\":999}");
    }
  }

  @Test
  void readOnlyNeverWritesAndManualWritesOnSave() throws IOException {
    Path f = data(10);
    Path side = dir.resolve("d.jsonl.lbidx");
    try (LineIndex index = LineIndex.open(f, LineIndexOptions.defaults()
        .withSidecarMode(SidecarMode.READ_ONLY))) {
      Files.write(f, "x\n".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
      index.refresh();
      assertThatThrownBy(index::save).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("READ_ONLY");
    }
    assertThat(side).doesNotExist();
    try (LineIndex index = LineIndex.open(f, LineIndexOptions.defaults()
        .withSidecarMode(SidecarMode.MANUAL_SAVE))) {
      assertThat(side).doesNotExist();
      index.save();
    }
    assertThat(side).exists();
    try (LineIndex index = LineIndex.open(f, LineIndexOptions.defaults()
        .withSidecarMode(SidecarMode.READ_ONLY))) {
      assertThat(index.openedFresh()).isTrue();
      assertThat(index.totalLines()).isEqualTo(11);
    }
  }

  @Test
  void customSidecarPathIsUsed() throws IOException {
    Path f = data(10);
    Path side = dir.resolve("elsewhere").resolve("idx.bin");
    Files.createDirectories(side.getParent());
    LineIndexOptions o = LineIndexOptions.defaults().withSidecarPath(side);
    try (LineIndex index = LineIndex.open(f, o)) {
      assertThat(index.sidecarPath()).isEqualTo(side);
    }
    assertThat(side).exists();
    assertThat(dir.resolve("d.jsonl.lbidx")).doesNotExist();
    try (LineIndex index = LineIndex.open(f, o)) {
      assertThat(index.openedFresh()).isTrue();
    }
  }

  @Test
  void otherIntervalOrOtherFileMeansRebuild() throws IOException {
    Path f = data(100);
    try (LineIndex index = LineIndex.open(f)) {
      assertThat(index.totalLines()).isEqualTo(100);
    }
    try (LineIndex index = LineIndex.open(f, LineIndexOptions.defaults()
        .withCheckpointIntervalLines(8))) {
      assertThat(index.openedFresh()).isFalse();
      LineIndexTest.assertMatchesOracle(index, Files.readAllBytes(f), "interval 8");
    }
    // The sidecar of another file, copied over.
    Path g = dir.resolve("g.jsonl");
    Files.write(g, "{\"other\":1}\n{\"other\":2}\n".getBytes(StandardCharsets.UTF_8));
    Files.copy(dir.resolve("d.jsonl.lbidx"), dir.resolve("g.jsonl.lbidx"));
    try (LineIndex index = LineIndex.open(g)) {
      assertThat(index.openedFresh()).isFalse();
      assertThat(index.tail(5)).containsExactly("{\"other\":1}", "{\"other\":2}");
    }
  }

  @Test
  void appendedFileExtendsTheSidecarAtOpen() throws IOException {
    Path f = data(1000);
    try (LineIndex index = LineIndex.open(f)) {
      assertThat(index.totalLines()).isEqualTo(1000);
    }
    Files.write(f, "{\"i\":1000}\n{\"i\":1001".getBytes(StandardCharsets.UTF_8),
        StandardOpenOption.APPEND);
    try (LineIndex index = LineIndex.open(f)) {
      assertThat(index.openedFresh()).isFalse();
      LineIndexTest.assertMatchesOracle(index, Files.readAllBytes(f), "extended");
    }
    try (LineIndex index = LineIndex.open(f)) {
      assertThat(index.openedFresh()).as("saved on close").isTrue();
      assertThat(index.totalLines()).isEqualTo(1002);
    }
  }

  @Test
  void formatRoundTrips() throws IOException {
    Path f = data(1000);
    try (LineIndex index = LineIndex.open(f, LineIndexOptions.defaults()
        .withCheckpointIntervalLines(7))) {
      index.save();
    }
    byte[] bytes = Files.readAllBytes(dir.resolve("d.jsonl.lbidx"));
    SidecarFormat.Contents c = SidecarFormat.decode(f, bytes);
    assertThat(c.checkpoints().totalLines()).isEqualTo(1000);
    assertThat(c.checkpoints().interval()).isEqualTo(7);
    assertThat(c.checkpoints().checkpointCount()).isEqualTo(143);
    assertThat(c.lastLineComplete()).isTrue();
    assertThat(c.fingerprint().length()).isEqualTo(Files.size(f));
    assertThat(SidecarFormat.encode(c)).isEqualTo(bytes);
    assertThat(bytes.length).isEqualTo(60 + 12 + 8 * 143);
  }

  @Test
  void unwritableSidecarDoesNotFailOpen() throws IOException {
    Path f = data(10);
    Path side = dir.resolve("no-such-dir").resolve("x.lbidx");
    try (LineIndex index = LineIndex.open(f, LineIndexOptions.defaults().withSidecarPath(side))) {
      assertThat(index.totalLines()).isEqualTo(10);
    }
    assertThat(side).doesNotExist();
  }
}
