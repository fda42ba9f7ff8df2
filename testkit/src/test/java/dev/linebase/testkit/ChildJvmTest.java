package dev.linebase.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
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

  /**
   * Regression: {@code Process.destroyForcibly()} also closed this side of the stdout pipe, so the
   * lines the child had printed but the reader thread had not read yet were thrown away (a crash
   * test then lost acknowledgements of operations that did happen). Deterministic: the matcher
   * of {@link ChildJvm#awaitLine} runs under the reader's lock, so while it blocks the reader
   * cannot take in more than one buffer; the child prints 40 KB more, which stays in the pipe
   * until after the kill.
   */
  @Test
  void killKeepsLinesStillInThePipe(@TempDir Path tmp) throws Exception {
    Path go = tmp.resolve("go");
    try (ChildJvm child = ChildJvm.start(ScriptedChild.class, "out:ready", "await:" + go,
        "lines:4000", "err:printed", "hang")) {
      CountDownLatch matcherBlocks = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        Future<String> holder = pool.submit(() -> child.awaitLine(line -> {
          if (line.equals("ready")) {
            matcherBlocks.countDown();
            awaitQuietly(release);
            return true;
          }
          return false;
        }, WAIT));
        assertThat(matcherBlocks.await(30, TimeUnit.SECONDS)).isTrue();
        Files.createFile(go);
        awaitUntil(() -> child.stderr().contains("printed"));
        Future<Integer> killed = pool.submit(child::kill);
        awaitUntil(() -> !child.isAlive());
        release.countDown();
        assertThat(holder.get(30, TimeUnit.SECONDS)).isEqualTo("ready");
        assertThat(killed.get(30, TimeUnit.SECONDS)).isEqualTo(137);
      } finally {
        release.countDown();
        pool.shutdownNow();
      }
      List<String> lines = child.lines();
      assertThat(lines).hasSize(4001);
      assertThat(lines.get(4000)).isEqualTo("line 003999");
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Polls {@code condition} until it holds, failing after 30 s. */
  private static void awaitUntil(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not reached within " + WAIT);
      }
      Thread.onSpinWait();
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
