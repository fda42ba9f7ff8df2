package dev.linebase.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchJobTest {
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

  private static void append(Path f, String s) throws IOException {
    Files.write(f, s.getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
  }

  @Test
  void jobResumesFromItsCheckpointAcrossOpens() throws IOException {
    Path f = data(100);
    try (LineIndex index = LineIndex.open(f); BatchJob job = index.job("embed")) {
      assertThat(job.progress()).isZero();
      for (int i = 0; i < 40; i++) {
        assertThat(job.next()).isTrue();
        assertThat(job.lineNumber()).isEqualTo(i);
      }
      job.checkpoint();
      assertThat(job.progress()).isEqualTo(40.0);
      assertThat(job.completed()).isFalse();
      job.next(); // read but not checkpointed: done again after a restart
    }
    assertThat(dir.resolve("d.jsonl.lbjobs")).exists();
    try (LineIndex index = LineIndex.open(f); BatchJob job = index.job("embed")) {
      assertThat(job.next()).isTrue();
      assertThat(job.lineNumber()).isEqualTo(40);
      assertThat(job.line()).isEqualTo("{\"i\":40}");
      List<JobStatus> list = index.jobs();
      assertThat(list).hasSize(1);
      assertThat(list.get(0).name()).isEqualTo("embed");
      assertThat(list.get(0).nextLine()).isEqualTo(40);
      assertThat(list.get(0).progressPercent()).isEqualTo(40.0);
      assertThat(list.get(0).completed()).isFalse();
    }
  }

  @Test
  void finishedJobIsCompletedAndContinuesOnAppendedLines() throws IOException {
    Path f = data(10);
    try (LineIndex index = LineIndex.open(f)) {
      try (BatchJob job = index.job("j")) {
        int n = 0;
        while (job.next()) {
          n++;
        }
        assertThat(n).isEqualTo(10);
        job.checkpoint();
        assertThat(job.completed()).isTrue();
        assertThat(job.progress()).isEqualTo(100.0);
      }
      assertThat(index.jobs().get(0).completed()).isTrue();
      append(f, "{\"i\":10}\n");
      assertThat(index.refresh()).isEqualTo(RefreshResult.APPENDED);
      try (BatchJob job = index.job("j")) {
        assertThat(job.next()).isTrue();
        assertThat(job.line()).isEqualTo("{\"i\":10}");
        assertThat(job.next()).isFalse();
        job.checkpoint();
      }
      // A finished job opened again at the end checkpoints the same position.
      for (int i = 0; i < 2; i++) {
        try (BatchJob job = index.job("j")) {
          assertThat(job.next()).isFalse();
          job.checkpoint();
          assertThat(job.completed()).isTrue();
        }
      }
      assertThat(index.jobs().get(0).nextOffset()).isEqualTo(index.fileSize());
    }
  }

  @Test
  void rewrittenFileMakesTheCheckpointStale() throws IOException {
    Path f = data(100);
    try (LineIndex index = LineIndex.open(f); BatchJob job = index.job("j")) {
      for (int i = 0; i < 50; i++) {
        job.next();
      }
      job.checkpoint();
    }
    byte[] bytes = Files.readAllBytes(f);
    bytes[300] = (byte) 'X'; // inside the first 50 lines, within the fingerprint's tail window
    Files.write(f, bytes);
    try (LineIndex index = LineIndex.open(f)) {
      assertThatThrownBy(() -> index.job("j"))
          .isInstanceOf(StaleCheckpointException.class)
          .hasMessageContaining("'j'")
          .hasMessageContaining(f.toString())
          .hasMessageContaining("rewritten");
      assertThat(index.resetJob("j")).isTrue();
      try (BatchJob job = index.job("j")) {
        assertThat(job.next()).isTrue();
        assertThat(job.lineNumber()).isZero();
      }
    }
  }

  @Test
  void shrunkFileMakesTheCheckpointStale() throws IOException {
    Path f = data(100);
    try (LineIndex index = LineIndex.open(f); BatchJob job = index.job("j")) {
      while (job.next()) {
        // all
      }
      job.checkpoint();
    }
    data(10);
    try (LineIndex index = LineIndex.open(f)) {
      assertThatThrownBy(() -> index.job("j"))
          .isInstanceOf(StaleCheckpointException.class)
          .hasMessageContaining("shorter");
    }
  }

  @Test
  void jobsAreListedResetAndDeletedIndependently() throws IOException {
    Path f = data(10);
    try (LineIndex index = LineIndex.open(f)) {
      for (String name : new String[] {"b", "a", "c"}) {
        try (BatchJob job = index.job(name)) {
          for (int i = 0; i < name.charAt(0) - 'a' + 1; i++) {
            job.next();
          }
          job.checkpoint();
        }
      }
      List<String> names = new ArrayList<>();
      for (JobStatus s : index.jobs()) {
        names.add(s.name() + "@" + s.nextLine());
      }
      assertThat(names).containsExactly("a@1", "b@2", "c@3");
      assertThat(index.deleteJob("b")).isTrue();
      assertThat(index.deleteJob("b")).isFalse();
      assertThat(index.resetJob("c")).isTrue();
      assertThat(index.resetJob("zzz")).isFalse();
      names.clear();
      for (JobStatus s : index.jobs()) {
        names.add(s.name() + "@" + s.nextLine());
      }
      assertThat(names).containsExactly("a@1", "c@0");
      assertThatThrownBy(() -> index.job("")).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void processedUnterminatedLineThatGrewIsReportedStale() throws IOException {
    Path f = dir.resolve("u.jsonl");
    Files.write(f, "{\"a\":1}\n{\"b\":".getBytes(StandardCharsets.UTF_8));
    try (LineIndex index = LineIndex.open(f)) {
      try (BatchJob job = index.job("j")) {
        while (job.next()) {
          // both lines, the second one unterminated
        }
        job.checkpoint();
      }
      append(f, "2}\n");
      assertThat(index.refresh()).isEqualTo(RefreshResult.APPENDED);
      assertThatThrownBy(() -> index.job("j"))
          .isInstanceOf(StaleCheckpointException.class)
          .hasMessageContaining("unterminated");
    }
  }
}
