package dev.linebase.cli.timelog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.linebase.cli.Main;
import dev.linebase.jsonl.Codec;
import dev.linebase.jsonl.Json;
import dev.linebase.timelog.Timelog;
import dev.linebase.timelog.TimelogConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimelogCommandTest {
  @TempDir Path tmp;

  private record Result(int exit, String out, String err) {}

  private static Result run(String... args) {
    return runWithInput("", args);
  }

  private static Result runWithInput(String stdin, String... args) {
    return runWithBytes(stdin.getBytes(StandardCharsets.UTF_8), args);
  }

  private static Result runWithBytes(byte[] stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.run(args, new ByteArrayInputStream(stdin),
        new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(exit, out.toString(), err.toString());
  }

  private Path input(String text) throws IOException {
    Path f = tmp.resolve("in.jsonl");
    Files.write(f, text.getBytes(StandardCharsets.UTF_8));
    return f;
  }

  @Test
  void loadRangeDeleteStats() throws Exception {
    Path dir = tmp.resolve("tl");
    Path in = input("{\"ts\":30,\"v\":\"c\"}\n{\"ts\":10,\"v\":\"a\"}\n\n"
        + "{\"ts\":20,\"v\":\"b\",\"nested\":{\"x\":[1,2]}}\n{\"ts\":10,\"v\":\"a2\"}\n");
    Result load = run("timelog", "load", dir.toString(), in.toString());
    assertThat(load.exit()).as(load.err()).isZero();
    assertThat(load.out()).isEqualTo("{\"loaded\":4,\"count\":4}\n");

    Result range = run("timelog", "range", dir.toString(), "10", "30");
    assertThat(range.exit()).as(range.err()).isZero();
    assertThat(range.out()).isEqualTo("{\"ts\":10,\"v\":\"a\"}\n{\"ts\":10,\"v\":\"a2\"}\n"
        + "{\"ts\":20,\"v\":\"b\",\"nested\":{\"x\":[1,2]}}\n");

    Result delete = run("timelog", "delete", dir.toString(), "10", "11");
    assertThat(delete.exit()).as(delete.err()).isZero();
    assertThat(delete.out()).isEqualTo("{\"deleted\":2}\n");

    Result stats = run("timelog", "stats", dir.toString());
    assertThat(stats.exit()).as(stats.err()).isZero();
    assertThat(stats.out()).startsWith("{\"count\":2,\"minTimestamp\":20,\"maxTimestamp\":30,"
        + "\"engine\":{");
    assertThat(run("timelog", "range", dir.toString(), "0", "100").out())
        .isEqualTo("{\"ts\":20,\"v\":\"b\",\"nested\":{\"x\":[1,2]}}\n{\"ts\":30,\"v\":\"c\"}\n");
  }

  @Test
  void customTimestampField() throws Exception {
    Path dir = tmp.resolve("tl");
    Path in = input("{\"time\":5,\"v\":1}\n{\"time\":-7,\"v\":2}\n");
    assertThat(run("timelog", "load", dir.toString(), "--ts-field", "time", in.toString()).exit())
        .isZero();
    assertThat(run("timelog", "range", dir.toString(), "-10", "10").out())
        .isEqualTo("{\"time\":-7,\"v\":2}\n{\"time\":5,\"v\":1}\n");
  }

  @Test
  void badInputIsAUserErrorNamingTheLine() throws Exception {
    Path dir = tmp.resolve("tl");
    Path in = input("{\"ts\":1}\n{\"ts\":\"x\"}\n");
    Result r = run("timelog", "load", dir.toString(), in.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).startsWith("linebase: ").contains("line 2").contains("\"ts\"")
        .contains("(0 records before it were stored)").doesNotContain("Exception").hasLineCount(1);
    Result bad = run("timelog", "load", dir.toString(), input("{nope\n").toString());
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.err()).contains("line 1: invalid JSON");
  }

  @Test
  void loadReadsStdinWhenNoFileIsGiven() throws Exception {
    Path dir = tmp.resolve("tl");
    Result r = runWithInput("{\"ts\":2,\"a\":1}\n{\"ts\":1,\"a\":2}\n", "timelog", "load",
        dir.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("{\"loaded\":2,\"count\":2}\n");
    assertThat(run("timelog", "range", dir.toString(), "0", "3").out())
        .isEqualTo("{\"ts\":1,\"a\":2}\n{\"ts\":2,\"a\":1}\n");
  }

  @Test
  void stdinFollowsTheLinebaseLineRulesAndErrorsNameTheLine() throws Exception {
    Path dir = tmp.resolve("tl");
    Result ok = runWithInput("\uFEFF{\"ts\":2,\"a\":1}\r\n\n{\"ts\":1,\"a\":2}", "timelog",
        "load", dir.toString());
    assertThat(ok.exit()).as(ok.err()).isZero();
    assertThat(ok.out()).isEqualTo("{\"loaded\":2,\"count\":2}\n");

    Result bad = runWithInput("{\"ts\":5}\n\n{\"ts\":6}\r\n{bad\n{\"ts\":7}\n", "timelog", "load",
        dir.toString());
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.err()).isEqualTo(
        "linebase: stdin line 4: invalid JSON (0 records before it were stored)\n");
    Result notUtf8 = runWithBytes(new byte[] {'{', '"', 't', 's', '"', ':', '1', '}', '\n', '"',
        (byte) 0xC3, '"', '\n'}, "timelog", "load", dir.toString());
    assertThat(notUtf8.exit()).isEqualTo(1);
    assertThat(notUtf8.err()).contains("stdin line 2: not valid UTF-8");
  }

  @Test
  void emptyDeleteRangeAndMissingDirectoryAreUserErrors() throws Exception {
    Result r = run("timelog", "delete", tmp.toString(), "5", "5");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("linebase: empty range: T1 5 >= T2 5\n");
    Result missing = run("timelog", "stats", tmp.resolve("nope").toString());
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err()).contains("no timelog directory");
  }

  @Test
  void rangeAndStatsWorkWhileAWriterHasTheDirectoryOpen() throws Exception {
    Path dir = tmp.resolve("tl");
    try (Timelog<JsonNode> writer = Timelog.open(dir, TimelogConfig.defaults(), Codec.tree())) {
      writer.append(1, Json.mapper().readTree("{\"ts\":1,\"v\":\"flushed\"}"));
      writer.flush();
      writer.append(2, Json.mapper().readTree("{\"ts\":2,\"v\":\"wal only\"}"));
      // A second writer is locked out; the read commands are not.
      Result load = runWithInput("{\"ts\":3}\n", "timelog", "load", dir.toString());
      assertThat(load.exit()).isEqualTo(1);
      assertThat(load.err()).contains("lock");
      Map<String, byte[]> before = files(dir);

      Result range = run("timelog", "range", dir.toString(), "0", "10");
      assertThat(range.exit()).as(range.err()).isZero();
      assertThat(range.out())
          .isEqualTo("{\"ts\":1,\"v\":\"flushed\"}\n{\"ts\":2,\"v\":\"wal only\"}\n");
      Result stats = run("timelog", "stats", dir.toString());
      assertThat(stats.exit()).as(stats.err()).isZero();
      assertThat(stats.out()).startsWith("{\"count\":2,\"minTimestamp\":1,\"maxTimestamp\":2,");

      Map<String, byte[]> after = files(dir);
      assertThat(after.keySet()).isEqualTo(before.keySet());
      for (String f : before.keySet()) {
        assertThat(after.get(f)).as(f).isEqualTo(before.get(f));
      }
      writer.append(3, Json.mapper().readTree("{\"ts\":3}"));
      assertThat(run("timelog", "range", dir.toString(), "3", "4").out())
          .isEqualTo("{\"ts\":3}\n");
    }
  }

  private static Map<String, byte[]> files(Path dir) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path f : (Iterable<Path>) s::iterator) {
        files.put(dir.relativize(f).toString(),
            Files.isRegularFile(f) ? Files.readAllBytes(f) : new byte[0]);
      }
    }
    return files;
  }

  @Test
  void badUsageExitsWithTwo() {
    assertThat(run("timelog", "range", tmp.toString(), "1").exit()).isEqualTo(2);
    assertThat(run("timelog", "range", tmp.toString(), "x", "2").exit()).isEqualTo(2);
  }
}
