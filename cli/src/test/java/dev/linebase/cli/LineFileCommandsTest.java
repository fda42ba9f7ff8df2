package dev.linebase.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.linebase.jsonl.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code index}, {@code info}, {@code count}, {@code read}, {@code sample}, {@code tail}. */
class LineFileCommandsTest {
  @TempDir Path dir;
  Path file;
  List<String> lines;

  @BeforeEach
  void writeFile() throws Exception {
    lines = new ArrayList<>();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 500; i++) {
      String line = "{\"n\":" + i + ",\"name\":\"item " + i + "\",\"tags\":[\"a\",\"b\"]}";
      lines.add(line);
      sb.append(line).append('\n');
    }
    file = dir.resolve("data.jsonl");
    Files.writeString(file, sb, StandardCharsets.UTF_8);
  }

  private Path sidecar() {
    return dir.resolve("data.jsonl.lbidx");
  }

  @Test
  void indexWritesTheSidecarAndThenFindsItFresh() {
    Cli.Result first = Cli.run("index", file.toString());
    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(first.out())
        .contains("500 lines").contains("written").contains(sidecar().toString());
    assertThat(first.err()).isEmpty();
    assertThat(sidecar()).exists();
    Cli.Result second = Cli.run("index", file.toString());
    assertThat(second.out()).as(second.toString()).contains("was fresh");
  }

  @Test
  void infoReportsFactsAsTextAndJson() throws Exception {
    Cli.Result text = Cli.run("info", file.toString());
    assertThat(text.exitCode()).as(text.toString()).isZero();
    assertThat(text.out())
        .contains("lines               500")
        .contains("last line complete  yes")
        .contains("sidecar was fresh   no");
    Cli.Result json = Cli.run("info", "--json", file.toString());
    assertThat(json.outLines()).hasSize(1);
    JsonNode info = Json.mapper().readTree(json.out());
    assertThat(info.get("lines").asLong()).isEqualTo(500);
    assertThat(info.get("bytes").asLong()).isEqualTo(Files.size(file));
    assertThat(info.get("lastLineComplete").asBoolean()).isTrue();
    assertThat(info.get("sidecar").asText()).isEqualTo(sidecar().toString());
    assertThat(info.get("fresh").asBoolean()).isTrue(); // the first info saved it
  }

  @Test
  void infoSeesAnUnterminatedLastLine() throws Exception {
    Files.writeString(file, "{\"tail\":true}", StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.APPEND);
    Cli.Result r = Cli.run("info", "--json", "--no-save", file.toString());
    JsonNode info = Json.mapper().readTree(r.out());
    assertThat(info.get("lines").asLong()).isEqualTo(501);
    assertThat(info.get("lastLineComplete").asBoolean()).isFalse();
    assertThat(sidecar()).doesNotExist();
  }

  @Test
  void countPrintsTheCountAlone() throws Exception {
    assertThat(Cli.run("count", file.toString()).out()).isEqualTo("500\n");
    Path empty = Files.createFile(dir.resolve("empty.jsonl"));
    assertThat(Cli.run("count", empty.toString()).out()).isEqualTo("0\n");
  }

  @Test
  void readPrintsLinesInTheOrderGivenWithDuplicates() {
    Cli.Result r = Cli.run("read", file.toString(), "499", "0", "250", "0");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.outLines())
        .containsExactly(lines.get(499), lines.get(0), lines.get(250), lines.get(0));
  }

  @Test
  void readOutOfRangeNamesTheValidRange() {
    Cli.Result r = Cli.run("read", file.toString(), "3", "500");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USER_ERROR);
    assertThat(r.err())
        .isEqualTo("linebase: line 500 is out of range: " + file
            + " has 500 lines (valid: 0 to 499)\n");
    assertThat(r.out()).isEmpty();
    Cli.Result negative = Cli.run("read", file.toString(), "-1");
    assertThat(negative.exitCode()).as(negative.toString()).isEqualTo(ExitCodes.USER_ERROR);
    assertThat(negative.err()).contains("line -1 is out of range");
  }

  @Test
  void readUsageErrors() {
    Cli.Result noNumber = Cli.run("read", file.toString());
    assertThat(noNumber.exitCode()).as(noNumber.toString()).isEqualTo(ExitCodes.USAGE);
    Cli.Result notANumber = Cli.run("read", file.toString(), "ten");
    assertThat(notANumber.exitCode()).as(notANumber.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(notANumber.err()).contains("ten");
  }

  @Test
  void missingFileIsAOneLineUserError() {
    Path missing = dir.resolve("nope.jsonl");
    for (String command : List.of("index", "info", "count", "tail")) {
      Cli.Result r = Cli.run(command, missing.toString());
      assertThat(r.exitCode()).as(command + ": " + r).isEqualTo(ExitCodes.USER_ERROR);
      assertThat(r.err()).as(command).isEqualTo("linebase: no such file: " + missing + "\n");
    }
    Cli.Result read = Cli.run("read", missing.toString(), "1");
    assertThat(read.err()).isEqualTo("linebase: no such file: " + missing + "\n");
    Cli.Result directory = Cli.run("count", dir.toString());
    assertThat(directory.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
    assertThat(directory.err()).contains("is a directory");
  }

  @Test
  void tailPrintsTheLastLines() {
    assertThat(Cli.run("tail", file.toString()).outLines()).isEqualTo(lines.subList(490, 500));
    assertThat(Cli.run("tail", "-n", "3", file.toString()).outLines())
        .isEqualTo(lines.subList(497, 500));
    assertThat(Cli.run("tail", "-n", "0", file.toString()).out()).isEmpty();
    assertThat(Cli.run("tail", "-n", "9999", file.toString()).outLines()).isEqualTo(lines);
  }

  @Test
  void sampleIsDistinctInFileOrderAndRepeatableBySeed() {
    Cli.Result a = Cli.run("sample", file.toString(), "20", "--seed", "7");
    Cli.Result b = Cli.run("sample", file.toString(), "20", "--seed", "7");
    assertThat(a.exitCode()).as(a.toString()).isZero();
    assertThat(a.outLines()).hasSize(20).doesNotHaveDuplicates().isEqualTo(b.outLines());
    List<Integer> positions = new ArrayList<>();
    for (String line : a.outLines()) {
      assertThat(lines).contains(line);
      positions.add(lines.indexOf(line));
    }
    assertThat(positions).isSorted();
    assertThat(Cli.run("sample", file.toString(), "9999").outLines()).isEqualTo(lines);
    assertThat(Cli.run("sample", file.toString(), "-3").exitCode())
        .isIn(ExitCodes.USER_ERROR, ExitCodes.USAGE);
  }
}
