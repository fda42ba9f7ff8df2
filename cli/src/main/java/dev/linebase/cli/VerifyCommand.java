package dev.linebase.cli;

import dev.linebase.index.JobStatus;
import dev.linebase.index.LineIndex;
import dev.linebase.index.LineIndexOptions;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code linebase verify FILE|DIR}: checks a Linebase file and prints what it found; exits 0 when
 * it is sound and 1 (with a one-line summary on stderr) when it found problems.
 *
 * <ul>
 *   <li>a line file: every line is UTF-8 and, in a {@code .jsonl} file, one JSON value (blank
 *       lines allowed); if its sidecar exists, the sidecar is fresh and its offsets match the file
 *       (a stale sidecar is only noted: it is a cache, rebuilt on the next open);
 *   <li>a sidecar ({@code *.lbidx}): the same sidecar check against its data file;
 *   <li>a jobs file ({@code *.lbjobs}): it parses and every job lies inside its data file;
 *   <li>a log directory: every sealed segment is intact and the active tail is recoverable.
 * </ul>
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    header = "Check a Linebase file or log; exit 1 if it has problems.",
    description = {
      "Checks a line file (UTF-8, JSON, its sidecar), a sidecar (.lbidx), a jobs file",
      "(.lbjobs) or a log directory. Exit 0 if sound, 1 if problems were found."
    })
final class VerifyCommand implements Callable<Integer> {
  /** Problems printed in full before the rest are only counted. */
  static final int MAX_PRINTED = 100;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE|DIR", description = "What to check.")
  Path path;

  @Option(names = "--txt", description = "Do not require JSON, even in a .jsonl file.")
  boolean text;

  @Mixin IntervalOption interval;

  @Override
  public Integer call() throws Exception {
    CliFiles.requireExists(path);
    PrintWriter out = spec.commandLine().getOut();
    Report report = new Report(out);
    switch (FileKind.of(path)) {
      case LOG_DIRECTORY:
        LogFiles.verify(path, report);
        break;
      case SIDECAR:
        verifySidecar(FileKind.dataFileOf(path), path, null, report);
        break;
      case JOBS:
        verifyJobs(FileKind.dataFileOf(path), report);
        break;
      default:
        verifyLineFile(report);
        break;
    }
    if (report.problems > 0) {
      String problems = report.problems + (report.problems == 1 ? " problem" : " problems");
      out.println(path + ": " + problems);
      out.flush();
      throw new UserException("verify found " + problems + " in " + path);
    }
    out.println(path + ": OK");
    return ExitCodes.OK;
  }

  private void verifyLineFile(Report report) throws Exception {
    boolean json = !text && LineFileScan.looksLikeJsonLines(path);
    Scanned scanned =
        scan(path, json, interval.readOnlyOptions().checkpointIntervalLines(), report);
    report.note(Units.count(scanned.lines()) + " lines"
        + (json ? ", each one JSON value or blank" : "")
        + (scanned.lastLineComplete() ? "" : "; the last line has no newline"));
    Path sidecar = LineIndexOptions.defaults().sidecarPathFor(path);
    if (Files.exists(sidecar)) {
      verifySidecar(path, sidecar, scanned, report);
    } else {
      report.note("no sidecar (" + sidecar.getFileName() + ")");
    }
  }

  /** What a scan of the data file found, to check a sidecar against. */
  private record Scanned(long lines, boolean lastLineComplete, long[] checkpointStarts,
      int interval) {}

  private void verifySidecar(Path data, Path sidecar, Scanned scanned, Report report)
      throws Exception {
    LineIndexOptions options =
        interval.readOnlyOptions().withSidecarPath(sidecar);
    try (LineIndex index = LineIndex.open(data, options)) {
      if (!index.openedFresh()) {
        report.note("sidecar " + sidecar + " is stale or unreadable; it is a cache and will be"
            + " rebuilt on the next open");
        return;
      }
      if (scanned == null) {
        scanned = scan(data, false, index.options().checkpointIntervalLines(), report);
      }
      if (index.totalLines() != scanned.lines()) {
        report.problem("sidecar " + sidecar + " counts " + index.totalLines()
            + " lines; the file has " + scanned.lines());
        return;
      }
      if (index.lastLineComplete() != scanned.lastLineComplete()) {
        report.problem("sidecar " + sidecar + " says the last line is "
            + (index.lastLineComplete() ? "" : "not ") + "complete; it is "
            + (scanned.lastLineComplete() ? "" : "not "));
      }
      int mismatches = 0;
      for (long n = 0; n < scanned.lines(); n += scanned.interval()) {
        long expected = scanned.checkpointStarts()[(int) (n / scanned.interval())];
        long actual = index.span(n).offset();
        if (actual != expected && mismatches++ < MAX_PRINTED) {
          report.problem("sidecar " + sidecar + " puts line " + n + " at byte " + actual
              + "; it starts at byte " + expected);
        }
      }
      if (mismatches == 0) {
        report.note("sidecar " + sidecar.getFileName() + " is fresh and matches the file");
      }
    }
  }

  /**
   * Scans {@code data}, reporting lines that are not UTF-8 (or, with {@code json}, not JSON), and
   * records where every {@code interval}-th line starts.
   */
  private static Scanned scan(Path data, boolean json, int interval, Report report)
      throws Exception {
    long[][] starts = {new long[1024]};
    boolean[] lastComplete = {true};
    long lines =
        LineFileScan.scan(data, json, line -> {
          if (line.problem() != null) {
            report.problem("line " + line.number() + " at byte " + line.offset() + ": "
                + line.problem());
          }
          if (line.number() % interval == 0) {
            int slot = (int) (line.number() / interval);
            if (slot >= starts[0].length) {
              starts[0] = Arrays.copyOf(starts[0], starts[0].length * 2);
            }
            starts[0][slot] = line.offset();
          }
          lastComplete[0] = line.complete();
        });
    return new Scanned(lines, lastComplete[0], starts[0], interval);
  }

  private void verifyJobs(Path data, Report report) throws Exception {
    LineIndexOptions options = interval.readOnlyOptions().withJobsPath(path);
    try (LineIndex index = LineIndex.open(data, options)) {
      List<JobStatus> jobs = index.jobs();
      for (JobStatus job : jobs) {
        if (job.nextLine() > index.totalLines()) {
          report.problem("job '" + job.name() + "' is at line " + job.nextLine() + " but "
              + data + " has " + index.totalLines() + " lines");
        }
      }
      report.note(jobs.size() + (jobs.size() == 1 ? " job" : " jobs") + " for " + data);
    }
  }

  /** Collects findings: problems are printed (the first {@link #MAX_PRINTED}) and counted. */
  static final class Report {
    private final PrintWriter out;
    long problems;

    Report(PrintWriter out) {
      this.out = out;
    }

    void problem(String what) {
      if (problems++ < MAX_PRINTED) {
        out.println("problem: " + what);
      } else if (problems == MAX_PRINTED + 1) {
        out.println("(more problems are counted but not printed)");
      }
    }

    void note(String what) {
      out.println(what);
    }
  }
}
