package dev.linebase.cli.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.linebase.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreCommandTest {
  @TempDir Path tmp;

  record Result(int exit, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.run(args, new ByteArrayInputStream(new byte[0]), new PrintWriter(out, true),
        new PrintWriter(err, true));
    return new Result(exit, out.toString(), err.toString());
  }

  @Test
  void setGetListDumpHistoryDeleteCompactStats() throws IOException {
    String dir = tmp.resolve("s").toString();
    assertThat(run("store", "set", dir, "b", "{\"x\":2}").exit()).isZero();
    assertThat(run("store", "set", dir, "a", "{\"x\":1,\"y\":\"long enough text here\"}").exit()).isZero();
    assertThat(run("store", "set", dir, "a", "{\"x\":3,\"y\":\"long enough text here\"}").exit()).isZero();
    Result get = run("store", "get", dir, "a");
    assertThat(get.exit()).isZero();
    assertThat(get.out()).isEqualTo("{\"x\":3,\"y\":\"long enough text here\"}\n");
    assertThat(run("store", "list", dir).out()).isEqualTo("\"a\"\n\"b\"\n");
    assertThat(run("store", "dump", dir).out()).isEqualTo(
        "{\"id\":\"a\",\"data\":{\"x\":3,\"y\":\"long enough text here\"}}\n"
            + "{\"id\":\"b\",\"data\":{\"x\":2}}\n");
    Result history = run("store", "history", dir, "a");
    String[] lines = history.out().split("\n");
    assertThat(lines).hasSize(2);
    assertThat(lines[0]).contains("\"op\":\"set\",\"id\":\"a\",\"prev\":null,\"data\":");
    assertThat(lines[1]).contains("\"prev\":{\"$set\":{\"x\":1}}").endsWith(",\"encoding\":\"delta\"}");
    assertThat(run("store", "delete", dir, "b").exit()).isZero();
    Result compact = run("store", "compact", dir);
    assertThat(compact.exit()).isZero();
    assertThat(compact.out()).contains("\"activeRecords\":1,\"opsCount\":0");
    Result stats = run("store", "stats", dir);
    assertThat(stats.out()).startsWith("{\"activeRecords\":1,\"opsCount\":0,\"archiveSegments\":0");
    assertThat(Files.exists(tmp.resolve("s/.lock"))).isFalse();
  }

  @Test
  void userErrorsAreOneLineWithExitOne() {
    String dir = tmp.resolve("s").toString();
    Result missingStore = run("store", "get", dir, "a");
    assertThat(missingStore.exit()).isEqualTo(1);
    assertThat(missingStore.err()).startsWith("linebase: ").contains("no existing store")
        .doesNotContain("\tat ");
    assertThat(missingStore.err().strip().lines().count()).isEqualTo(1);
    assertThat(run("store", "compact", dir).exit()).isEqualTo(1);
    assertThat(Files.exists(tmp.resolve("s/manifest.json"))).as("compact did not create a store").isFalse();
    assertThat(run("store", "set", dir, "a", "{not json").exit()).isEqualTo(1);
    assertThat(run("store", "set", dir, "a", "{}").exit()).isZero();
    Result missingId = run("store", "get", dir, "nope");
    assertThat(missingId.exit()).isEqualTo(1);
    assertThat(missingId.err()).contains("no document 'nope'");
    assertThat(run("store", "delete", dir, "nope").exit()).isEqualTo(1);
    assertThat(run("store", "set", dir, "a", "null").exit()).isEqualTo(1);
  }

  @Test
  void badUsageIsExitTwo() {
    assertThat(run("store", "get").exit()).isEqualTo(2);
    assertThat(run("store", "frobnicate", "x").exit()).isEqualTo(2);
  }
}
