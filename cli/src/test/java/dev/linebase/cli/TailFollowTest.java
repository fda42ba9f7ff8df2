package dev.linebase.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TailFollowTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;

  @Test
  void followPrintsAppendedCompleteLinesOnceUntilInterrupted() throws Exception {
    Path file = dir.resolve("events.jsonl");
    Files.writeString(file, "{\"n\":0}\n{\"n\":1}\n", StandardCharsets.UTF_8);
    WatchedWriter out = new WatchedWriter();
    WatchedWriter err = new WatchedWriter();
    CompletableFuture<Integer> exit = new CompletableFuture<>();
    Thread runner = new Thread(() -> exit.complete(Main.run(
        new String[] {"tail", "-f", "-n", "1", file.toString()},
        new ByteArrayInputStream(new byte[0]), new PrintWriter(out, true),
        new PrintWriter(err, true))));
    runner.start();
    try {
      out.awaitContains("{\"n\":1}\n", WAIT);
      append(file, "{\"n\":2}\n{\"n\":3");
      out.awaitContains("{\"n\":2}\n", WAIT);
      append(file, "}\n{\"n\":4}\n");
      out.awaitContains("{\"n\":4}\n", WAIT);
    } finally {
      runner.interrupt();
    }
    assertThat(exit.get(WAIT.toSeconds(), TimeUnit.SECONDS)).as(err.text()).isZero();
    assertThat(out.text()).isEqualTo("{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n{\"n\":4}\n");
    assertThat(err.text()).isEmpty();
  }

  private static void append(Path file, String text) throws Exception {
    Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
  }
}
