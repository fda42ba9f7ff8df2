package dev.linebase.store;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.linebase.jsonl.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs {@code src/test/node/opslog-driver.mjs} against the real {@code @backloghq/opslog} 0.8.1.
 * The package is found under the npm prefix named by the environment variable
 * {@code LINEBASE_OPSLOG_DIR} or the system property {@code linebase.opslog.dir} (CI installs it
 * with {@code npm install --prefix "$DIR" @backloghq/opslog@0.8.1}). When it is missing the tests
 * fail under {@code CI=true} and are skipped, with a message, otherwise.
 */
final class Opslog {
  private Opslog() {}

  static Path module() {
    String dir = System.getProperty("linebase.opslog.dir", System.getenv("LINEBASE_OPSLOG_DIR"));
    String problem = null;
    Path module = null;
    if (dir == null || dir.isBlank()) {
      problem = "LINEBASE_OPSLOG_DIR is not set";
    } else {
      module = Paths.get(dir, "node_modules", "@backloghq", "opslog", "dist", "index.js");
      if (!Files.isRegularFile(module)) {
        problem = module + " does not exist (run: npm install --prefix \"" + dir
            + "\" @backloghq/opslog@0.8.1)";
      } else if (!nodeWorks()) {
        problem = "node is not on the PATH";
      }
    }
    if (problem != null) {
      if ("true".equals(System.getenv("CI"))) {
        fail("opslog interoperability tests need Node and @backloghq/opslog@0.8.1: " + problem);
      }
      Assumptions.assumeTrue(false, "skipping opslog interoperability: " + problem
          + " (set LINEBASE_OPSLOG_DIR to an npm prefix holding @backloghq/opslog@0.8.1)");
    }
    return module;
  }

  private static boolean nodeWorks() {
    try {
      Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Runs a driver command and returns the JSON it printed. */
  static JsonNode run(String command, Path dir, String arg) throws IOException, InterruptedException {
    Path module = module();
    List<String> cmd = new ArrayList<>(List.of("node", Paths.get("src/test/node/opslog-driver.mjs")
        .toAbsolutePath().toString(), command, dir.toString()));
    if (arg != null) {
      cmd.add(arg);
    }
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("OPSLOG_MODULE", module.toString());
    Path err = Files.createTempFile("opslog", ".err");
    pb.redirectError(err.toFile());
    Process p = pb.start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("node " + cmd + " timed out");
    }
    String stderr = Files.readString(err);
    Files.deleteIfExists(err);
    if (p.exitValue() != 0) {
      fail("node " + cmd + " exited " + p.exitValue() + ": " + stderr);
    }
    String text = new String(out, StandardCharsets.UTF_8).trim();
    String last = text.substring(text.lastIndexOf('\n') + 1);
    return Json.mapper().readTree(last);
  }
}
