package dev.linebase.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MainTest {
  @Test
  void noCommandPrintsUsageAndExitsWithUsageCode() {
    Cli.Result r = Cli.run();
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("Usage: linebase").contains("index").contains("demo");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void unknownCommandIsAUsageError() {
    Cli.Result r = Cli.run("frobnicate");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).startsWith("linebase: ").contains("frobnicate")
        .contains("Run 'linebase --help' for usage.");
  }

  @Test
  void unknownOptionOfASubcommandPointsAtItsHelp() {
    Cli.Result r = Cli.run("count", "--bogus", "x");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--bogus").contains("Run 'linebase count --help' for usage.");
  }

  @Test
  void versionAndHelpGoToStdout() {
    Cli.Result v = Cli.run("--version");
    assertThat(v.exitCode()).isZero();
    assertThat(v.out().strip()).isEqualTo("linebase 0.1.0");
    Cli.Result h = Cli.run("read", "--help");
    assertThat(h.exitCode()).isZero();
    assertThat(h.out()).contains("Usage: linebase read").contains("FILE").contains("N");
  }

  @Test
  void verboseAddsTheStackTraceAnywhereOnTheLine() {
    Cli.Result quiet = Cli.run("count", "/no/such/file.jsonl");
    assertThat(quiet.err()).isEqualTo("linebase: no such file: /no/such/file.jsonl\n");
    Cli.Result verbose = Cli.run("count", "--verbose", "/no/such/file.jsonl");
    assertThat(verbose.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
    assertThat(verbose.err()).startsWith("linebase: no such file: /no/such/file.jsonl\n")
        .contains("UserException").contains("\tat ");
    Cli.Result before = Cli.run("--verbose", "count", "/no/such/file.jsonl");
    assertThat(before.err()).contains("UserException");
  }

  @Test
  void messagesAreOneLine() {
    assertThat(ErrorHandler.oneLine(" first\nsecond\n")).isEqualTo("first");
    assertThat(ErrorHandler.message(new java.nio.file.NoSuchFileException("/x/y")))
        .isEqualTo("no such file: /x/y");
    assertThat(ErrorHandler.message(
        new java.io.UncheckedIOException(new java.nio.file.NoSuchFileException("/z"))))
        .isEqualTo("no such file: /z");
  }

  @Test
  void unitsReadWell() {
    assertThat(Units.bytes(999)).isEqualTo("999 B");
    assertThat(Units.bytes(190_123_456)).isEqualTo("190.1 MB");
    assertThat(Units.count(1_000_000)).isEqualTo("1,000,000");
    assertThat(Units.nanos(1_500)).isEqualTo("1 µs");
    assertThat(Units.nanos(12_300_000)).isEqualTo("12.3 ms");
    assertThat(Units.nanos(1_250_000_000L)).isEqualTo("1.25 s");
    assertThat(Units.rate(2_000_000, 1_000_000_000L)).isEqualTo("2.00 M/s");
  }

  @Test
  void progressBarRendersAndIsSilentWithoutATerminal() {
    assertThat(Progress.render("indexing", 50, 100))
        .isEqualTo("indexing [###############...............]  50%  50 B / 100 B");
    java.io.StringWriter sink = new java.io.StringWriter();
    try (Progress bar = Progress.always(new java.io.PrintWriter(sink), "x")) {
      bar.update(1, 2);
    }
    assertThat(sink.toString()).startsWith("\rx [").endsWith("\r").doesNotContain("\n");
    // Tests run without a console, so a terminal-only bar prints nothing.
    java.io.StringWriter quiet = new java.io.StringWriter();
    try (Progress bar = Progress.onTerminal(new java.io.PrintWriter(quiet), "x")) {
      bar.update(1, 2);
    }
    assertThat(quiet.toString()).isEmpty();
  }
}
