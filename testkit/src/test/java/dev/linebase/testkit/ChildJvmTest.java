package dev.linebase.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildJvmTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void awaitLineReturnsTheMatchingLineAndLinesKeepsEverything() throws Exception {
    try (ChildJvm child = ChildJvm.start(ScriptedChild.class, "out:one", "out:two", "hang")) {
      assertThat(child.awaitLine(l -> l.startsWith("tw"), WAIT)).isEqualTo("two");
      assertThat(child.lines()).containsExactly("one", "two");
      assertThat(child.isAlive()).isTrue();
    }
  }

  @Test
  void awaitMatchCountsMatchingLines() throws Exception {
    try (ChildJvm child =
        ChildJvm.start(ScriptedChild.class, "out:a1", "out:b", "out:a2", "out:a3", "hang")) {
      assertThat(child.awaitMatch(l -> l.startsWith("a"), 2, WAIT)).isEqualTo("a2");
    }
  }

  @Test
  void timeoutFailsWithTheChildsOutput() throws Exception {
    try (ChildJvm child =
        ChildJvm.start(ScriptedChild.class, "out:visible", "err:complaint", "hang")) {
      child.awaitLine("visible"::equals, WAIT);
      assertThatThrownBy(() -> child.awaitLine("never"::equals, Duration.ofMillis(200)))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("timed out")
          .hasMessageContaining("visible")
          .hasMessageContaining("running");
    }
  }

  @Test
  void awaitFailsAtOnceWhenTheChildExitsWithoutTheLine() throws Exception {
    try (ChildJvm child = ChildJvm.start(ScriptedChild.class, "err:boom", "exit:3")) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> child.awaitLine("never"::equals, Duration.ofMinutes(5)))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("stdout closed");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMinutes(1));
      assertThat(child.waitFor(WAIT)).isEqualTo(3);
      assertThat(child.stderr()).contains("boom");
      assertThat(child.describe()).contains("exit code 3").contains("boom");
    }
  }

  @Test
  void killIsSigkillAndKeepsEverythingPrintedBefore() throws Exception {
    try (ChildJvm child =
        ChildJvm.start(ScriptedChild.class, "out:done", "torn:half", "out:", "torn:cut", "hang")) {
      child.awaitLine("half"::equals, WAIT);
      child.awaitPartialLine("cut"::equals, WAIT);
      int code = child.kill();
      assertThat(code).isEqualTo(137); // 128 + SIGKILL
      assertThat(child.isAlive()).isFalse();
      assertThat(child.lines()).containsExactly("done", "half");
      assertThat(child.partialLine()).isEqualTo("cut");
    }
  }

  @Test
  void killKeepsLinesTheChildPrintedButTheReaderHadNotReadYet(@TempDir Path tmp)
      throws Exception {
    // Regression: kill() used Process.destroyForcibly(), which also closes the stdout pipe, so
    // the lines still in the pipe were lost and crash tests reported delivered messages missing.
    // The child floods the pipe, so it is full when the kill comes; one attempt caught the old
    // kill() 10 times in 12, three attempts make missing it unlikely.
    for (int attempt = 0; attempt < 3; attempt++) {
      Path countFile = tmp.resolve("count-" + attempt);
      try (ChildJvm child = ChildJvm.start(ScriptedChild.class, "flood:" + countFile)) {
        child.awaitLine("40000"::equals, WAIT);
        child.kill();
        String recorded = Files.readString(countFile).trim();
        long printed = recorded.isEmpty() ? 0 : Long.parseLong(recorded);
        List<String> lines = child.lines();
        assertThat(child.describe()).as("attempt %d", attempt)
            .doesNotContain("stdout read failed");
        assertThat((long) lines.size()).as("attempt %d: lines read of %d printed", attempt, printed)
            .isGreaterThanOrEqualTo(printed);
        for (int i = 0; i < lines.size(); i++) {
          assertThat(lines.get(i)).isEqualTo(String.valueOf(i));
        }
      }
    }
  }

  @Test
  void passesJvmOptions() throws Exception {
    try (ChildJvm child =
        ChildJvm.start(
            List.of("-Dlinebase.probe=42"), ScriptedChild.class, "prop:linebase.probe")) {
      assertThat(child.waitFor(WAIT)).isZero();
      assertThat(child.lines()).containsExactly("linebase.probe=42");
    }
  }

  @Test
  void closeKillsAndIsIdempotent() throws Exception {
    ChildJvm child = ChildJvm.start(ScriptedChild.class, "out:up", "hang");
    child.awaitLine("up"::equals, WAIT);
    child.close();
    assertThat(child.isAlive()).isFalse();
    child.close();
    assertThat(child.process().exitValue()).isNotZero();
  }
}
