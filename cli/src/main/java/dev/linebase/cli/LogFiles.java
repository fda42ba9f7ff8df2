package dev.linebase.cli;

import dev.linebase.io.CorruptFileException;
import dev.linebase.log.LogFormat;
import dev.linebase.log.LogReader;
import dev.linebase.log.SegmentFiles;
import dev.linebase.log.SegmentedLog;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Opening, dumping and verifying a log directory for the CLI. Stateless. */
final class LogFiles {
  private LogFiles() {}

  /** Opens the log in {@code dir} for reading only (no lock, no recovery writes). */
  static SegmentedLog openReadOnly(Path dir) throws IOException {
    return SegmentedLog.openReadOnly(dir);
  }

  /** {@code "no lines"} or {@code "lines 0 to 41"}. */
  static String describeRange(long first, long end) {
    return first >= end
        ? "no lines (next line " + end + ")"
        : "lines " + first + " to " + (end - 1);
  }

  /**
   * Prints per segment a header ({@code segment, baseLine, bytes, format, index}) and then its
   * lines with their global numbers.
   */
  static void dump(Path dir, PrintWriter out) throws IOException {
    List<SegmentFiles.SegmentFile> segments = SegmentFiles.list(dir, null);
    if (segments.isEmpty()) {
      throw new UserException(dir + " holds no log segments");
    }
    for (SegmentFiles.SegmentFile s : segments) {
      Map<String, Object> header = new LinkedHashMap<>();
      header.put("segment", s.path().getFileName().toString());
      header.put("baseLine", s.base());
      header.put("bytes", Files.size(s.path()));
      header.put("format", s.format().name().toLowerCase(Locale.ROOT));
      Path index = SegmentFiles.indexPath(s.path());
      header.put("index", Files.exists(index) ? index.getFileName().toString() : null);
      JsonOutput.println(out, header);
      boolean json = s.format() == LogFormat.JSONL;
      String name = s.path().getFileName().toString();
      LineFileScan.scan(s.path(), json, line -> {
        Map<String, Object> m = line.toDump(json);
        Map<String, Object> global = new LinkedHashMap<>();
        global.put("line", s.base() + line.number());
        global.put("segment", name);
        m.remove("line");
        global.putAll(m);
        JsonOutput.println(out, global);
      });
    }
  }

  /**
   * Checks every segment: complete lines (a torn tail of the last segment is noted, recovery cuts
   * it), valid JSON in a JSONL log, no NUL bytes in sealed segments, line counts that agree with
   * the next segment's base, and a full read through a {@link LogReader}.
   */
  static void verify(Path dir, VerifyCommand.Report report) throws IOException {
    List<SegmentFiles.SegmentFile> segments;
    try {
      segments = SegmentFiles.list(dir, null);
    } catch (IllegalStateException e) {
      report.problem(e.getMessage());
      return;
    }
    if (segments.isEmpty()) {
      throw new UserException(dir + " holds no log segments");
    }
    long total = 0;
    for (int i = 0; i < segments.size(); i++) {
      SegmentFiles.SegmentFile s = segments.get(i);
      boolean active = i == segments.size() - 1;
      boolean json = s.format() == LogFormat.JSONL;
      String name = s.path().getFileName().toString();
      long[] lastEnd = {0};
      boolean[] torn = {false};
      long lines = LineFileScan.scan(s.path(), json, line -> {
        if (!line.complete()) {
          torn[0] = true;
          return;
        }
        lastEnd[0] = line.offset() + line.length();
        if (line.text().indexOf('\0') >= 0) {
          if (!active) {
            report.problem(name + " line " + (s.base() + line.number()) + " at byte "
                + line.offset() + ": NUL bytes in a sealed segment");
          }
          return;
        }
        if (line.problem() != null && !(active && json)) {
          report.problem(name + " line " + (s.base() + line.number()) + " at byte "
              + line.offset() + ": " + line.problem());
        } else if (line.problem() != null) {
          report.problem(name + " line " + (s.base() + line.number()) + " at byte "
              + line.offset() + ": " + line.problem() + " (recovery would cut from here)");
        }
      });
      long complete = torn[0] ? lines - 1 : lines;
      if (torn[0]) {
        long size = Files.size(s.path());
        if (active) {
          report.note(name + ": torn tail of " + (size - lastEnd[0])
              + " bytes after the last complete line (recovery cuts it on the next write open)");
        } else {
          report.problem(name + ": sealed segment ends without a newline at byte " + lastEnd[0]);
        }
      }
      if (!active) {
        long nextBase = segments.get(i + 1).base();
        if (s.base() + complete != nextBase) {
          report.problem(name + " holds " + complete + " lines from line " + s.base()
              + " but the next segment starts at line " + nextBase);
        }
      }
      total += complete;
    }
    report.note(segments.size() + (segments.size() == 1 ? " segment, " : " segments, ")
        + Units.count(total) + " lines");
    try (SegmentedLog log = openReadOnly(dir)) {
      long end = log.endLine();
      long read = 0;
      try (LogReader reader = log.reader(log.firstLine())) {
        while (reader.nextLineNumber() < end && reader.next()) {
          read++;
        }
      }
      if (read != end - log.firstLine()) {
        report.problem("the log reader returned " + read + " lines of " + (end - log.firstLine()));
      }
      report.note("read back " + Units.count(read) + " lines through the log reader");
    } catch (CorruptFileException e) {
      report.problem(e.getMessage());
    }
  }
}
