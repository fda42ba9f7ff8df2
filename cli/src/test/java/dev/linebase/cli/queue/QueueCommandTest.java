package dev.linebase.cli.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.linebase.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueueCommandTest {
  @TempDir Path tmp;

  /** Exit code, stdout and stderr of one run. */
  record Run(int exit, String out, String err) {
    List<String> lines() {
      return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }
  }

  private Run run(String stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.run(args, new ByteArrayInputStream(
        (stdin == null ? "" : stdin).getBytes(StandardCharsets.UTF_8)),
        new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(exit, out.toString().replace("\r\n", "\n"), err.toString());
  }

  @Test
  void putPollAndInfo() {
    String q = tmp.resolve("q").toString();
    assertThat(run(null, "queue", "put", q, "{\"a\":1}", "[2]").exit()).isZero();
    assertThat(run("3\n\"four\"\n", "queue", "put", q).exit()).isZero();
    Run info = run(null, "queue", "info", q);
    assertThat(info.exit()).isZero();
    assertThat(info.out()).contains("\"size\":4").contains("\"default\":{\"position\":0,"
        + "\"remaining\":4}");
    Run poll = run(null, "queue", "poll", q, "-n", "3");
    assertThat(poll.lines()).containsExactly("{\"a\":1}", "[2]", "3");
    assertThat(run(null, "queue", "poll", q, "-n", "5").lines()).containsExactly("\"four\"");
    assertThat(run(null, "queue", "poll", q).lines()).isEmpty();
    assertThat(run(null, "queue", "poll", q, "--group", "other", "-n", "9").lines()).hasSize(4);
    assertThat(run(null, "queue", "poll", q, "--wait", "0.05").lines()).isEmpty();
    assertThat(run(null, "queue", "info", q).out()).contains("\"other\":{\"position\":4,"
        + "\"remaining\":0}");
  }

  @Test
  void sqliteFilesWorkToo() {
    String db = tmp.resolve("q.db").toString();
    assertThat(run(null, "queue", "put", db, "1", "2").exit()).isZero();
    assertThat(run(null, "queue", "poll", db, "-n", "2").lines()).containsExactly("1", "2");
    assertThat(run(null, "queue", "info", db).out()).contains("\"driver\":\"sqlite\"");
  }

  @Test
  void userErrorsExitOneWithOneLine() {
    String q = tmp.resolve("q").toString();
    Run bad = run(null, "queue", "put", q, "not json");
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.err().strip()).startsWith("linebase:").contains("JSON")
        .doesNotContain("\n").doesNotContain("Exception");
    Run missing = run(null, "queue", "info", tmp.resolve("nope").toString());
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err()).contains("no such file");
    assertThat(run(null, "queue", "poll").exit()).isEqualTo(2);
    assertThat(run(null, "queue", "poll", q, "-n", "x").exit()).isEqualTo(2);
  }

  @Test
  void importPistributer() throws Exception {
    Path ch = tmp.resolve("ch.jsonl");
    Files.writeString(ch, "{\"x\":1}\n{\"x\":2}\n{\"x\":3}\n");
    Files.writeString(tmp.resolve("ch.jsonl.index"), "{\"index\": 1}");
    String q = tmp.resolve("q").toString();
    Run r = run(null, "queue", "import-pistributer", ch.toString(), q);
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("\"imported\":2");
    assertThat(run(null, "queue", "poll", q, "-n", "5").lines())
        .containsExactly("{\"x\":2}", "{\"x\":3}");
    Run again = run(null, "queue", "import-pistributer", ch.toString(), q);
    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.err()).contains("already holds");
  }
}
