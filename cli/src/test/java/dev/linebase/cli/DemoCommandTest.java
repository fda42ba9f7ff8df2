package dev.linebase.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.linebase.cli.demo.DemoStep;
import dev.linebase.cli.demo.DemoSteps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
  @TempDir Path dir;

  @Test
  void runsEveryStepAndRemovesItsTemporaryDirectory() {
    Cli.Result r = Cli.run("demo", "--lines", "3000");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    for (DemoStep step : DemoSteps.all()) {
      assertThat(r.out()).as(r.toString()).contains(step.name());
    }
    Matcher m = Pattern.compile("removed (\\S+)").matcher(r.out());
    assertThat(m.find()).as(r.toString()).isTrue();
    assertThat(Path.of(m.group(1))).doesNotExist();
    assertThat(r.err()).isEmpty();
  }

  @Test
  void keepsItsFilesInDir() throws Exception {
    Path work = dir.resolve("work");
    Cli.Result r = Cli.run("demo", "--lines", "2000", "--dir", work.toString());
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(work.resolve("events.jsonl")).exists();
    assertThat(Files.readAllLines(work.resolve("events.jsonl")).size())
        .isGreaterThanOrEqualTo(2000);
    assertThat(r.out()).contains("files kept in " + work);
  }

  @Test
  void refusesANonEmptyDirAndBadLines() throws Exception {
    Files.writeString(dir.resolve("precious.txt"), "keep me");
    Cli.Result r = Cli.run("demo", "--lines", "10", "--dir", dir.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
    assertThat(r.err()).contains("is not empty").contains(dir.toString());
    assertThat(dir.resolve("precious.txt")).exists();
    Cli.Result zero = Cli.run("demo", "--lines", "0");
    assertThat(zero.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
    assertThat(zero.err()).contains("--lines");
  }
}
