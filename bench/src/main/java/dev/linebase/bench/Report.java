package dev.linebase.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The results of one harness run: measurements, the targets they are held against, and notes.
 * {@link #finish()} prints them as a table and appends a Markdown section to
 * {@code <results dir>/<suite>-latest.md} (results dir: {@code -Dlinebase.bench.results}, default
 * {@code bench/results}) with the date, the JDK, the machine and the exact command
 * ({@code -Dlinebase.bench.command}, set by {@code bench/run}).
 *
 * <p>Not thread-safe: one harness thread fills a report.
 */
public final class Report {

  /** Whether a measured figure meets its target. */
  public enum Verdict {
    MET("yes"),
    MISSED("NO"),
    NOT_MEASURED("not measured");

    private final String text;

    Verdict(String text) {
      this.text = text;
    }

    public static Verdict of(boolean met) {
      return met ? MET : MISSED;
    }

    @Override
    public String toString() {
      return text;
    }
  }

  private record Row(String measure, String figure, String detail) {}

  private record Target(String target, String measured, Verdict verdict) {}

  private final String suite;
  private final String title;
  private final Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private final List<Row> rows = new ArrayList<>();
  private final List<Target> targets = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final String loadAtStart = Machine.loadAverage();

  private Report(String suite, String title) {
    this.suite = suite;
    this.title = title;
  }

  /** Starts the report of {@code suite} (the name {@code bench/run} was given). */
  public static Report start(String suite, String title) {
    return new Report(suite, title);
  }

  /** Adds a measurement row; also printed at once, so progress shows while the run goes on. */
  public Report measure(String measure, String figure, String detail) {
    rows.add(new Row(measure, figure, detail));
    System.out.printf("  %-58s %14s   %s%n", measure, figure, detail);
    return this;
  }

  /** Adds a rate as a row: operations per second, with the count and time as detail. */
  public Report rate(Rate rate) {
    return measure(
        rate.name(),
        Rate.human(rate.perSecond()) + "/s",
        String.format(Locale.ROOT, "%,d ops in %.1f ms", rate.operations(), rate.millis()));
  }

  /** Adds a target with what was measured against it. */
  public Report target(String target, String measured, Verdict verdict) {
    targets.add(new Target(target, measured, verdict));
    System.out.printf("  target: %s -> %s [%s]%n", target, measured, verdict);
    return this;
  }

  /** Adds a free-text note (workload, caveats). */
  public Report note(String note) {
    notes.add(note);
    System.out.println("  note: " + note);
    return this;
  }

  /** Prints the summary table and appends the Markdown section; returns the Markdown file. */
  public Path finish() throws IOException {
    Machine machine = Machine.current(BenchData.dir());
    String command = System.getProperty("linebase.bench.command", "(run without bench/run)");
    System.out.println();
    System.out.println("== " + title + " ==");
    System.out.println("JDK " + machine.jdk());
    System.out.println(machine.summary());
    System.out.println(
        "load average at start " + loadAtStart + ", at end " + Machine.loadAverage());
    for (Row r : rows) {
      System.out.printf("%-60s %14s   %s%n", r.measure(), r.figure(), r.detail());
    }
    if (!targets.isEmpty()) {
      System.out.println();
      for (Target t : targets) {
        System.out.printf("[%-12s] %s: %s%n", t.verdict(), t.target(), t.measured());
      }
    }
    Path dir = Paths.get(System.getProperty("linebase.bench.results", "bench/results"));
    Files.createDirectories(dir);
    Path file = dir.resolve(suite + "-latest.md");
    Files.writeString(
        file,
        markdown(machine, command),
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    System.out.println("appended to " + file);
    return file;
  }

  private String markdown(Machine machine, String command) {
    StringBuilder md = new StringBuilder();
    md.append("\n## ").append(title).append(" — ").append(started).append("\n\n");
    md.append("- Command: `").append(command).append("`\n");
    md.append("- JDK: ").append(machine.jdk()).append('\n');
    md.append("- Machine: ").append(machine.summary()).append('\n');
    md.append("- Load average (1/5/15 min) at start: ").append(loadAtStart).append(", at end: ")
        .append(Machine.loadAverage()).append('\n');
    for (String n : notes) {
      md.append("- ").append(n).append('\n');
    }
    md.append("\n| Measure | Figure | Detail |\n|---|---:|---|\n");
    for (Row r : rows) {
      md.append("| ").append(cell(r.measure())).append(" | ").append(cell(r.figure()))
          .append(" | ").append(cell(r.detail())).append(" |\n");
    }
    if (!targets.isEmpty()) {
      md.append("\n| Target | Measured | Met |\n|---|---|---|\n");
      for (Target t : targets) {
        md.append("| ").append(cell(t.target())).append(" | ").append(cell(t.measured()))
            .append(" | ").append(t.verdict()).append(" |\n");
      }
    }
    return md.toString();
  }

  private static String cell(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }
}
