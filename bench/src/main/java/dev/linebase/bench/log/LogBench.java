package dev.linebase.bench.log;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link LogAppendBenchmark} in one go (raw fsync probe first, then each policy) and prints
 * lines/s beside the targets of issue 2 section 5 and the ratios to the raw fsync rate measured in
 * the same run.
 *
 * <pre>
 * mvn -B -ntp -q -pl bench -am package -DskipTests
 * flock /work/bench.lock java -cp bench/target/benchmarks.jar dev.linebase.bench.log.LogBench
 * </pre>
 *
 * Options: {@code -Dlinebase.bench.iterations} (measurement iterations, default 3), {@code
 * -Dlinebase.bench.seconds} (seconds per iteration, default 2), {@code -Dlinebase.bench.dir}.
 */
public final class LogBench {
  private LogBench() {}

  public static void main(String[] args) throws RunnerException {
    int iterations = Integer.getInteger("linebase.bench.iterations", 3);
    int seconds = Integer.getInteger("linebase.bench.seconds", 2);
    Map<String, String[]> runs = new LinkedHashMap<>();
    runs.put("rawFsync", new String[] {"none", "TEXT"});
    runs.put("none", new String[] {"none", "TEXT"});
    runs.put("none ", new String[] {"none", "JSONL"});
    runs.put("groupAsync", new String[] {"group", "TEXT"});
    runs.put("groupBlocking64", new String[] {"group", "TEXT"});
    runs.put("sync", new String[] {"sync", "TEXT"});
    runs.put("rawFsync ", new String[] {"none", "TEXT"});
    Map<String, Double> scores = new LinkedHashMap<>();
    for (Map.Entry<String, String[]> run : runs.entrySet()) {
      String method = run.getKey().trim();
      ChainedOptionsBuilder b = new OptionsBuilder()
          .include(LogAppendBenchmark.class.getName() + "\\." + method + "$")
          .param("durability", run.getValue()[0])
          .param("format", run.getValue()[1])
          .forks(1)
          .warmupIterations(1)
          .warmupTime(TimeValue.seconds(seconds))
          .measurementIterations(iterations)
          .measurementTime(TimeValue.seconds(seconds))
          .jvmArgsAppend(System.getProperty("linebase.bench.dir") == null ? "-Dunused=1"
              : "-Dlinebase.bench.dir=" + System.getProperty("linebase.bench.dir"));
      Collection<RunResult> results = new Runner(b.build()).run();
      for (RunResult r : results) {
        String label = method + ("JSONL".equals(run.getValue()[1]) ? " (JSONL checked)" : "");
        if (scores.containsKey(label)) {
          label = label + " (again)";
        }
        scores.put(label, r.getPrimaryResult().getScore());
      }
    }
    double fsync = (scores.get("rawFsync") + scores.getOrDefault("rawFsync (again)",
        scores.get("rawFsync"))) / 2;
    List<String> out = new ArrayList<>();
    out.add(String.format("%-28s %14s  %s", "benchmark", "ops/s", "vs target"));
    out.add(String.format("%-28s %,14.0f  (mean of the two probes: %,.0f)", "rawFsync",
        scores.get("rawFsync"), fsync));
    if (scores.containsKey("rawFsync (again)")) {
      out.add(String.format("%-28s %,14.0f", "rawFsync (again)", scores.get("rawFsync (again)")));
    }
    line(out, "none", scores.get("none"), "target >= 5,000,000 lines/s", 5_000_000);
    line(out, "none (JSONL checked)", scores.get("none (JSONL checked)"), "(no target)", 0);
    line(out, "groupAsync", scores.get("groupAsync"), "target >= 1,000,000 lines/s", 1_000_000);
    double g64 = 0.8 * 64 * fsync;
    line(out, "groupBlocking64", scores.get("groupBlocking64"),
        String.format("target >= 0.8 x 64 x fsync = %,.0f; ratio to fsync %.1f", g64,
            scores.get("groupBlocking64") / fsync), g64);
    line(out, "sync", scores.get("sync"),
        String.format("target >= 0.9 x fsync = %,.0f; ratio to fsync %.2f", 0.9 * fsync,
            scores.get("sync") / fsync), 0.9 * fsync);
    System.out.println();
    System.out.println("Linebase SegmentedLog append, 100-byte lines, JDK "
        + System.getProperty("java.version") + ", " + Runtime.getRuntime().availableProcessors()
        + " cores");
    out.forEach(System.out::println);
  }

  private static void line(List<String> out, String name, double score, String target,
      double min) {
    out.add(String.format("%-28s %,14.0f  %s%s", name, score, target,
        min <= 0 ? "" : score >= min ? "  MET" : "  NOT MET"));
  }
}
