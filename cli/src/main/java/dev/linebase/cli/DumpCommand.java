package dev.linebase.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.linebase.index.LineIndex;
import dev.linebase.index.LineIndexOptions;
import dev.linebase.jsonl.Json;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code linebase dump FILE|DIR}: prints any Linebase file as JSON text, one value per line, so it
 * pipes into {@code jq}:
 *
 * <ul>
 *   <li>a line file: per line {@code {"line","offset","length","value"}} (or {@code "text"} and
 *       {@code "problem"} for a line that is not JSON, {@code "complete":false} for an
 *       unterminated last line);
 *   <li>a sidecar ({@code *.lbidx}): a header ({@code file, interval, lines, bytes,
 *       lastLineComplete, fresh}) then {@code {"checkpoint","line","offset"}} per stored offset;
 *   <li>a jobs file ({@code *.lbjobs}): one object per job, its name in {@code "job"};
 *   <li>a log directory: per segment a header, then per line {@code {"line","segment","offset",
 *       "value"}} with global line numbers.
 * </ul>
 */
@Command(
    name = "dump",
    mixinStandardHelpOptions = true,
    header = "Print a Linebase file or log as JSON text, one value per line.",
    description = {
      "Prints a line file (each line with its offset), a sidecar (.lbidx: header and",
      "checkpoints), a jobs file (.lbjobs) or a log directory (segments and lines)."
    })
final class DumpCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE|DIR", description = "What to dump.")
  Path path;

  @Option(names = "--txt", description = "Treat lines as text even in a .jsonl file.")
  boolean text;

  @Mixin IntervalOption interval;

  @Override
  public Integer call() throws Exception {
    CliFiles.requireExists(path);
    PrintWriter out = spec.commandLine().getOut();
    switch (FileKind.of(path)) {
      case LOG_DIRECTORY:
        LogFiles.dump(path, out);
        break;
      case SIDECAR:
        dumpSidecar(out);
        break;
      case JOBS:
        dumpJobs(out);
        break;
      default:
        boolean json = !text && LineFileScan.looksLikeJsonLines(path);
        LineFileScan.scan(path, json, line -> JsonOutput.println(out, line.toDump(json)));
        break;
    }
    return ExitCodes.OK;
  }

  private void dumpSidecar(PrintWriter out) throws Exception {
    Path data = FileKind.dataFileOf(path);
    LineIndexOptions options =
        interval.readOnlyOptions().withSidecarPath(path);
    try (LineIndex index = LineIndex.open(data, options)) {
      int interval = index.options().checkpointIntervalLines();
      Map<String, Object> header = new LinkedHashMap<>();
      header.put("sidecar", path.toString());
      header.put("file", data.toString());
      header.put("fresh", index.openedFresh());
      header.put("interval", interval);
      header.put("lines", index.totalLines());
      header.put("bytes", index.fileSize());
      header.put("lastLineComplete", index.lastLineComplete());
      JsonOutput.println(out, header);
      long checkpoint = 0;
      for (long n = 0; n < index.totalLines(); n += interval) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("checkpoint", checkpoint++);
        m.put("line", n);
        m.put("offset", index.span(n).offset());
        JsonOutput.println(out, m);
      }
    }
  }

  private void dumpJobs(PrintWriter out) throws Exception {
    JsonNode tree = Json.mapper().readTree(path.toFile());
    JsonNode jobs = tree == null ? null : tree.get("jobs");
    if (jobs == null || !jobs.isObject()) {
      throw new UserException(path + " is not a Linebase jobs file (no \"jobs\" object)");
    }
    Iterator<Map.Entry<String, JsonNode>> it = jobs.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> job = it.next();
      ObjectNode line = Json.mapper().createObjectNode();
      line.put("job", job.getKey());
      if (job.getValue().isObject()) {
        line.setAll((ObjectNode) job.getValue());
      } else {
        line.set("value", job.getValue());
      }
      JsonOutput.println(out, line);
    }
  }
}
