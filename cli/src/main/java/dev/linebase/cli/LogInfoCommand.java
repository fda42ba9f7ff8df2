package dev.linebase.cli;

import dev.linebase.log.SegmentFiles;
import dev.linebase.log.SegmentedLog;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code linebase log info DIR [--json]}: the log's line range, segments and size. */
@Command(
    name = "info",
    mixinStandardHelpOptions = true,
    description = "Show a log's first and end line, its segments and its size.")
final class LogInfoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "The log directory.")
  Path dir;

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    CliFiles.requireDirectory(dir);
    PrintWriter out = spec.commandLine().getOut();
    List<SegmentFiles.SegmentFile> segments = SegmentFiles.list(dir, null);
    if (segments.isEmpty()) {
      throw new UserException(dir + " holds no log segments");
    }
    long bytes = 0;
    for (SegmentFiles.SegmentFile s : segments) {
      bytes += Files.size(s.path());
    }
    try (SegmentedLog log = LogFiles.openReadOnly(dir)) {
      long first = log.firstLine();
      long end = log.endLine();
      SegmentFiles.SegmentFile last = segments.get(segments.size() - 1);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("dir", dir.toString());
      m.put("format", last.format().name().toLowerCase(java.util.Locale.ROOT));
      m.put("firstLine", first);
      m.put("endLine", end);
      m.put("lines", end - first);
      m.put("segments", segments.size());
      m.put("bytes", bytes);
      m.put("activeSegment", last.path().getFileName().toString());
      if (json) {
        JsonOutput.println(out, m);
      } else {
        out.printf("log             %s (%s)%n", dir, m.get("format"));
        out.printf("lines           %s (%s)%n", Units.count(end - first),
            LogFiles.describeRange(first, end));
        out.printf("segments        %d, active %s%n", segments.size(),
            last.path().getFileName());
        out.printf("bytes           %s (%s)%n", Units.count(bytes), Units.bytes(bytes));
      }
    }
    return ExitCodes.OK;
  }
}
