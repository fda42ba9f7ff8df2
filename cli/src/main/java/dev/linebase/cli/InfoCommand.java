package dev.linebase.cli;

import dev.linebase.index.LineIndex;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * {@code linebase info FILE [--json]}: lines, bytes, whether the last line is complete, the
 * sidecar and whether it was fresh when opened.
 */
@Command(
    name = "info",
    mixinStandardHelpOptions = true,
    description = "Show a line file's line count, size, last-line state and sidecar.")
final class InfoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin IndexOptions indexOptions;

  @Parameters(index = "0", paramLabel = "FILE", description = "A JSONL or other line file.")
  Path file;

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (IndexOptions.Opened opened = indexOptions.open(file, spec.commandLine().getErr())) {
      LineIndex index = opened.index();
      Path sidecar = opened.sidecar();
      boolean sidecarExists = Files.exists(sidecar);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("file", file.toString());
      m.put("lines", index.totalLines());
      m.put("bytes", index.fileSize());
      m.put("lastLineComplete", index.lastLineComplete());
      m.put("sidecar", sidecar.toString());
      m.put("sidecarBytes", sidecarExists ? Files.size(sidecar) : 0L);
      m.put("fresh", opened.wasFresh());
      if (json) {
        JsonOutput.println(out, m);
      } else {
        out.printf("file                %s%n", file);
        out.printf("lines               %s%n", Units.count(index.totalLines()));
        out.printf("bytes               %s (%s)%n", Units.count(index.fileSize()),
            Units.bytes(index.fileSize()));
        out.printf("last line complete  %s%n", index.lastLineComplete() ? "yes" : "no");
        out.printf("sidecar             %s (%s)%n", sidecar,
            sidecarExists ? Units.bytes(Files.size(sidecar)) : "not written");
        out.printf("sidecar was fresh   %s%n", opened.wasFresh() ? "yes" : "no (indexed now)");
      }
    }
    return ExitCodes.OK;
  }
}
