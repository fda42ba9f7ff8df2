package dev.linebase.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  @Test
  void replacesWholeContentAndLeavesNoTemporary() throws IOException {
    Path f = dir.resolve("manifest.json");
    AtomicFiles.write(f, "old".getBytes(StandardCharsets.UTF_8));
    AtomicFiles.write(f, "new content".getBytes(StandardCharsets.UTF_8));
    assertThat(Files.readString(f)).isEqualTo("new content");
    assertThat(Files.exists(AtomicFiles.tempFor(f))).isFalse();
  }

  @Test
  void failedBodyLeavesTargetUntouched() throws IOException {
    Path f = dir.resolve("manifest.json");
    AtomicFiles.write(f, "kept".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> AtomicFiles.write(f, out -> {
      out.write("half".getBytes(StandardCharsets.UTF_8));
      throw new IOException("disk full");
    })).hasMessage("disk full");
    assertThat(Files.readString(f)).isEqualTo("kept");
    assertThat(Files.exists(AtomicFiles.tempFor(f))).isFalse();
  }

  @Test
  void forceDirectoryRejectsAFile() throws IOException {
    Path f = Files.writeString(dir.resolve("plain"), "x");
    assertThatThrownBy(() -> AtomicFiles.forceDirectory(f.resolve("nope")))
        .isInstanceOf(IOException.class);
  }
}
