package dev.linebase.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.linebase.index.BatchJob;
import dev.linebase.index.LineIndex;
import dev.linebase.jsonl.Json;
import dev.linebase.testkit.FileDamage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dump} and {@code verify} on line files, sidecars and jobs files. */
class DumpVerifyCommandsTest {
  @TempDir Path dir;

  private Path write(String name, String content) throws Exception {
    return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
  }

  private static List<JsonNode> json(Cli.Result r) throws Exception {
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : r.outLines()) {
      nodes.add(Json.mapper().readTree(line));
    }
    return nodes;
  }

  @Test
  void dumpPrintsEachLineAsJsonWithItsPlaceAndProblem() throws Exception {
    Path file = write("mixed.jsonl", "{\"a\":1}\n\nnot json\r\n[1,2]");
    Cli.Result r = Cli.run("dump", file.toString());
    assertThat(r.exitCode()).as(r.toString()).isZero();
    List<JsonNode> lines = json(r);
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0).toString())
        .isEqualTo("{\"line\":0,\"offset\":0,\"length\":8,\"value\":{\"a\":1}}");
    assertThat(lines.get(1).toString())
        .isEqualTo("{\"line\":1,\"offset\":8,\"length\":1,\"text\":\"\"}");
    assertThat(lines.get(2).get("text").asText()).isEqualTo("not json");
    assertThat(lines.get(2).get("length").asInt()).isEqualTo(10);
    assertThat(lines.get(2).get("problem").asText()).startsWith("invalid JSON");
    assertThat(lines.get(3).get("complete").asBoolean()).isFalse();
    assertThat(lines.get(3).get("value").toString()).isEqualTo("[1,2]");
  }

  @Test
  void dumpOfATextFileKeepsText() throws Exception {
    Path file = write("notes.txt", "hello\nworld\n");
    Cli.Result r = Cli.run("dump", file.toString());
    assertThat(json(r)).extracting(n -> n.get("text").asText()).containsExactly("hello", "world");
  }

  @Test
  void dumpOfASidecarShowsHeaderAndCheckpoints() throws Exception {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      sb.append("{\"i\":").append(i).append("}\n");
    }
    Path file = write("d.jsonl", sb.toString());
    assertThat(Cli.run("index", file.toString()).exitCode()).isZero();
    Cli.Result r = Cli.run("dump", dir.resolve("d.jsonl.lbidx").toString());
    assertThat(r.exitCode()).as(r.toString()).isZero();
    List<JsonNode> nodes = json(r);
    JsonNode header = nodes.get(0);
    assertThat(header.get("fresh").asBoolean()).isTrue();
    assertThat(header.get("lines").asLong()).isEqualTo(200);
    int interval = header.get("interval").asInt();
    assertThat(nodes).hasSize(1 + (200 + interval - 1) / interval);
    JsonNode second = nodes.get(2);
    assertThat(second.get("line").asLong()).isEqualTo(interval);
    // lines 0..9 are 8 bytes, 10..99 are 9 bytes, 100.. are 10 bytes
    long expected = 0;
    for (int i = 0; i < interval; i++) {
      expected += ("{\"i\":" + i + "}\n").length();
    }
    assertThat(second.get("offset").asLong()).isEqualTo(expected);
  }

  @Test
  void aSidecarWithAnotherIntervalIsReadWithThatInterval() throws Exception {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      sb.append("{\"i\":").append(i).append("}\n");
    }
    Path file = write("k.jsonl", sb.toString());
    assertThat(Cli.run("index", "--interval", "16", file.toString()).exitCode()).isZero();
    String sidecar = dir.resolve("k.jsonl.lbidx").toString();
    JsonNode header = json(Cli.run("dump", "--interval", "16", sidecar)).get(0);
    assertThat(header.get("fresh").asBoolean()).isTrue();
    assertThat(header.get("interval").asInt()).isEqualTo(16);
    assertThat(json(Cli.run("dump", "--interval", "16", sidecar))).hasSize(1 + 7);
    Cli.Result verify = Cli.run("verify", "--interval", "16", file.toString());
    assertThat(verify.exitCode()).as(verify.toString()).isZero();
    assertThat(verify.out()).contains("fresh and matches");
    assertThat(Cli.run("verify", file.toString()).out()).contains("stale or unreadable");
  }

  @Test
  void verifyAcceptsASoundFileWithItsSidecar() throws Exception {
    Path file = write("ok.jsonl", "{\"a\":1}\n\n{\"b\":[1,2,3]}\n");
    assertThat(Cli.run("index", file.toString()).exitCode()).isZero();
    Cli.Result r = Cli.run("verify", file.toString());
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("3 lines").contains("fresh and matches").endsWith(": OK\n");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void verifyReportsBadLinesAndExitsOne() throws Exception {
    Path file = write("bad.jsonl", "{\"a\":1}\n{\"a\":\n{\"a\":3}\n");
    Cli.Result r = Cli.run("verify", file.toString());
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USER_ERROR);
    assertThat(r.out()).contains("problem: line 1 at byte 8: invalid JSON");
    assertThat(r.err()).isEqualTo("linebase: verify found 1 problem in " + file + "\n");
    Cli.Result text = Cli.run("verify", "--txt", file.toString());
    assertThat(text.exitCode()).as(text.toString()).isZero();
  }

  @Test
  void verifyNotesAStaleOrDamagedSidecarWithoutFailing() throws Exception {
    Path file = write("s.jsonl", "{\"a\":1}\n{\"a\":2}\n");
    assertThat(Cli.run("index", file.toString()).exitCode()).isZero();
    Path sidecar = dir.resolve("s.jsonl.lbidx");
    FileDamage.flipBit(sidecar, Files.size(sidecar) / 2, 3);
    Cli.Result r = Cli.run("verify", sidecar.toString());
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("stale or unreadable");
  }

  @Test
  void invalidUtf8IsShownAndReported() throws Exception {
    Path file = dir.resolve("bytes.jsonl");
    Files.write(file, new byte[] {'"', (byte) 0xFF, '"', '\n', '1', '\n'});
    List<JsonNode> dumped = json(Cli.run("dump", file.toString()));
    assertThat(dumped.get(0).get("problem").asText()).isEqualTo("not valid UTF-8");
    assertThat(dumped.get(1).get("value").asInt()).isEqualTo(1);
    Cli.Result r = Cli.run("verify", file.toString());
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USER_ERROR);
    assertThat(r.out()).contains("problem: line 0 at byte 0: not valid UTF-8");
  }

  @Test
  void jobsFilesAreDumpedAndVerified() throws Exception {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      sb.append("{\"i\":").append(i).append("}\n");
    }
    Path file = write("jobs.jsonl", sb.toString());
    try (LineIndex index = LineIndex.open(file);
        BatchJob job = index.job("enrich")) {
      for (int i = 0; i < 4 && job.next(); i++) {
        job.line();
      }
      job.checkpoint();
    }
    String jobs = dir.resolve("jobs.jsonl.lbjobs").toString();
    Cli.Result dump = Cli.run("dump", jobs);
    assertThat(dump.exitCode()).as(dump.toString()).isZero();
    JsonNode job = json(dump).get(0);
    assertThat(job.get("job").asText()).isEqualTo("enrich");
    assertThat(dump.out()).contains("4");
    Cli.Result verify = Cli.run("verify", jobs);
    assertThat(verify.exitCode()).as(verify.toString()).isZero();
    assertThat(verify.out()).contains("1 job for ");
  }

  @Test
  void verifyAndDumpOfAMissingPathAreUserErrors() {
    Path missing = dir.resolve("missing.jsonl");
    for (String command : List.of("dump", "verify")) {
      Cli.Result r = Cli.run(command, missing.toString());
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USER_ERROR);
      assertThat(r.err()).isEqualTo("linebase: no such file or directory: " + missing + "\n");
    }
  }
}
