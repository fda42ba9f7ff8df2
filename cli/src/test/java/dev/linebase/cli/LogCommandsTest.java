package dev.linebase.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.linebase.jsonl.Json;
import dev.linebase.log.SegmentFiles;
import dev.linebase.log.SegmentedLog;
import dev.linebase.testkit.FileDamage;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code log append}, {@code log read}, {@code log info} and dump/verify of a log directory. */
class LogCommandsTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path tmp;

  private Path log() {
    return tmp.resolve("log");
  }

  private static String numbered(int from, int to) {
    StringBuilder sb = new StringBuilder();
    for (int i = from; i < to; i++) {
      sb.append("{\"i\":").append(i).append(",\"pad\":\"xxxxxxxxxxxxxxxxxxxx\"}\n");
    }
    return sb.toString();
  }

  /** Appends lines 0..199 in ten runs, so that with 1 KB segments the log rolls several times. */
  private void appendInRuns() {
    for (int run = 0; run < 10; run++) {
      Cli.Result r = Cli.runWithInput(numbered(run * 20, run * 20 + 20), "log", "append",
          "--segment-bytes", "1024", log().toString());
      assertThat(r.exitCode()).as(r.toString()).isZero();
    }
  }

  @Test
  void appendReportsTheRangeAndReadReturnsTheLines() throws Exception {
    Cli.Result first = Cli.runWithInput("{\"a\":1}\n{\"a\":2}\r\n\n{\"a\":3}", "log", "append",
        log().toString());
    assertThat(first.exitCode()).as(first.toString()).isZero();
    JsonNode result = Json.mapper().readTree(first.out());
    assertThat(result.get("appended").asLong()).isEqualTo(3);
    assertThat(result.get("firstLine").asLong()).isZero();
    assertThat(result.get("endLine").asLong()).isEqualTo(3);
    Cli.Result second = Cli.runWithInput("[4]\n", "log", "append", "--durability", "sync",
        log().toString());
    assertThat(Json.mapper().readTree(second.out()).get("firstLine").asLong()).isEqualTo(3);

    Cli.Result all = Cli.run("log", "read", log().toString());
    assertThat(all.exitCode()).as(all.toString()).isZero();
    assertThat(all.outLines()).containsExactly("{\"a\":1}", "{\"a\":2}", "{\"a\":3}", "[4]");
    assertThat(Cli.run("log", "read", "--from", "2", log().toString()).outLines())
        .containsExactly("{\"a\":3}", "[4]");
    assertThat(Cli.run("log", "read", "--from", "1", "-n", "1", log().toString()).outLines())
        .containsExactly("{\"a\":2}");
    assertThat(Cli.run("log", "read", "--from", "4", log().toString()).out()).isEmpty();
  }

  @Test
  void invalidJsonStopsAtItsLineAndKeepsTheLinesBefore() {
    Cli.Result r = Cli.runWithInput("{\"ok\":1}\n{\"broken\":\n{\"ok\":3}\n", "log", "append",
        log().toString());
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USER_ERROR);
    assertThat(r.err()).startsWith("linebase: stdin line 2: record is not one JSON value")
        .endsWith("(1 line appended before it)\n");
    assertThat(r.err().lines().count()).isEqualTo(1);
    assertThat(Cli.run("log", "read", log().toString()).outLines()).containsExactly("{\"ok\":1}");
  }

  @Test
  void textLogsTakeAnyLine() {
    Cli.Result r = Cli.runWithInput("plain text\n\n{not json\n", "log", "append", "--txt",
        log().toString());
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(Cli.run("log", "read", log().toString()).outLines())
        .containsExactly("plain text", "", "{not json");
  }

  @Test
  void aSecondWriterIsAOneLineErrorNamingTheLock() throws Exception {
    Files.createDirectories(log());
    try (SegmentedLog holder = SegmentedLog.open(log())) {
      Cli.Result r = Cli.runWithInput("{}\n", "log", "append", log().toString());
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USER_ERROR);
      assertThat(r.err()).startsWith("linebase: ").contains(log().toString());
      assertThat(r.err().lines().count()).isEqualTo(1);
      assertThat(holder.endLine()).isZero();
    }
  }

  @Test
  void badDurabilityIsAUsageError() {
    Cli.Result r = Cli.runWithInput("{}\n", "log", "append", "--durability", "sometimes",
        log().toString());
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("sometimes").contains("linebase log append --help");
  }

  @Test
  void readOutOfRangeAndMissingDirectoryAreUserErrors() {
    Cli.runWithInput(numbered(0, 3), "log", "append", log().toString());
    Cli.Result r = Cli.run("log", "read", "--from", "9", log().toString());
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USER_ERROR);
    assertThat(r.err())
        .isEqualTo("linebase: line 9 is out of range: log " + log() + " has lines 0 to 2\n");
    Path missing = tmp.resolve("nothing");
    for (String verb : List.of("read", "info")) {
      Cli.Result m = Cli.run("log", verb, missing.toString());
      assertThat(m.exitCode()).as(m.toString()).isEqualTo(ExitCodes.USER_ERROR);
      assertThat(m.err()).isEqualTo("linebase: no such directory: " + missing + "\n");
    }
  }

  @Test
  void infoShowsRangeAndSegments() throws Exception {
    appendInRuns();
    Cli.Result json = Cli.run("log", "info", "--json", log().toString());
    assertThat(json.exitCode()).as(json.toString()).isZero();
    JsonNode info = Json.mapper().readTree(json.out());
    assertThat(info.get("firstLine").asLong()).isZero();
    assertThat(info.get("endLine").asLong()).isEqualTo(200);
    assertThat(info.get("segments").asInt()).isGreaterThan(1)
        .isEqualTo(SegmentFiles.list(log()).size());
    Cli.Result text = Cli.run("log", "info", log().toString());
    assertThat(text.out()).contains("lines           200 (lines 0 to 199)");
  }

  @Test
  void followPrintsLinesAppendedByAnotherWriter() throws Exception {
    Cli.runWithInput(numbered(0, 2), "log", "append", log().toString());
    WatchedWriter out = new WatchedWriter();
    WatchedWriter err = new WatchedWriter();
    CompletableFuture<Integer> exit = new CompletableFuture<>();
    Thread runner = new Thread(() -> exit.complete(Main.run(
        new String[] {"log", "read", "-f", "--from", "1", log().toString()},
        new ByteArrayInputStream(new byte[0]), new PrintWriter(out, true),
        new PrintWriter(err, true))));
    runner.start();
    try {
      out.awaitContains("{\"i\":1,", WAIT);
      Cli.Result more = Cli.runWithInput(numbered(2, 4), "log", "append", log().toString());
      assertThat(more.exitCode()).as(more.toString()).isZero();
      out.awaitContains("{\"i\":3,", WAIT);
    } finally {
      runner.interrupt();
    }
    assertThat(exit.get(WAIT.toSeconds(), TimeUnit.SECONDS)).as(err.text()).isZero();
    assertThat(out.text()).isEqualTo(numbered(1, 4));
  }

  @Test
  void dumpShowsSegmentsAndGlobalLineNumbers() throws Exception {
    appendInRuns();
    Cli.Result r = Cli.run("dump", log().toString());
    assertThat(r.exitCode()).as(r.toString()).isZero();
    long lines = 0;
    int headers = 0;
    for (String line : r.outLines()) {
      JsonNode node = Json.mapper().readTree(line);
      if (node.has("baseLine")) {
        headers++;
        assertThat(node.get("baseLine").asLong()).isEqualTo(lines);
      } else {
        assertThat(node.get("line").asLong()).isEqualTo(lines);
        assertThat(node.get("value").get("i").asLong()).isEqualTo(lines);
        lines++;
      }
    }
    assertThat(lines).isEqualTo(200);
    assertThat(headers).isEqualTo(SegmentFiles.list(log()).size());
  }

  @Test
  void verifyPassesASoundLogAndCatchesDamageInASealedSegment() throws Exception {
    appendInRuns();
    Cli.Result ok = Cli.run("verify", log().toString());
    assertThat(ok.exitCode()).as(ok.toString()).isZero();
    assertThat(ok.out()).contains("200 lines").endsWith(": OK\n");

    Path sealed = SegmentFiles.list(log()).get(0).path();
    FileDamage.zero(sealed, 10, 3);
    Cli.Result bad = Cli.run("verify", log().toString());
    assertThat(bad.exitCode()).as(bad.toString()).isEqualTo(ExitCodes.USER_ERROR);
    assertThat(bad.out()).contains("problem: ").contains(sealed.getFileName().toString());
    assertThat(bad.err()).startsWith("linebase: verify found ");
  }
}
