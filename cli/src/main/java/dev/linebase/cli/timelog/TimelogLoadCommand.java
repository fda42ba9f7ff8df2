package dev.linebase.cli.timelog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.linebase.jsonl.Json;
import dev.linebase.jsonl.LineReader;
import dev.linebase.jsonl.Records;
import dev.linebase.cli.ExitCodes;
import dev.linebase.cli.Main;
import dev.linebase.cli.UserException;
import dev.linebase.timelog.Timelog;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code linebase timelog load DIR [--ts-field NAME] [FILE]}: appends the JSON records of FILE
 * (or stdin), one per line, keyed by an integer field. Blank lines are skipped. Records are
 * stored in batches of 4,096; on a bad line the command stops, reports the line, and keeps the
 * batches stored before it (the message says how many records). Prints
 * {@code {"loaded":N,"count":M}}.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
    description = "Append JSONL records (from FILE or stdin) keyed by an integer timestamp field.")
public final class TimelogLoadCommand implements Callable<Integer> {
  private static final int BATCH = 4_096;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR",
      description = "Timelog directory (created if missing).")
  Path dir;

  @Parameters(index = "1", arity = "0..1", paramLabel = "FILE",
      description = "JSONL input (default: stdin).")
  Path file;

  @Option(names = "--ts-field", paramLabel = "NAME", defaultValue = "ts",
      description = "Integer field holding the timestamp (default: ${DEFAULT-VALUE}).")
  String tsField;

  private final long[] ts = new long[BATCH];
  private final List<JsonNode> values = new ArrayList<>(BATCH);
  private long loaded;

  @Override
  public Integer call() throws IOException {
    try (Timelog<JsonNode> log = TimelogCli.open(dir, false)) {
      try {
        if (file != null) {
          try (LineReader lines = LineReader.open(file, Records.DEFAULT_MAX_RECORD_BYTES)) {
            while (lines.next()) {
              accept(log, lines.lineNumber(), lines.content());
            }
          }
        } else {
          BufferedReader in = new BufferedReader(
              new InputStreamReader(Main.stdin(spec), StandardCharsets.UTF_8));
          long line = 0;
          for (String s = in.readLine(); s != null; s = in.readLine()) {
            accept(log, line++, s);
          }
        }
        flushBatch(log);
      } catch (UserException e) {
        throw new UserException(e.getMessage() + " (" + loaded + " records before it"
            + " were stored)", e);
      }
      spec.commandLine().getOut().println("{\"loaded\":" + loaded + ",\"count\":" + log.count()
          + "}");
      spec.commandLine().getOut().flush();
      return ExitCodes.OK;
    }
  }

  private void accept(Timelog<JsonNode> log, long lineNumber, String text) throws IOException {
    if (text.isBlank()) {
      return;
    }
    String where = (file == null ? "stdin" : file.toString()) + " line " + (lineNumber + 1);
    JsonNode node;
    try {
      node = Json.mapper().readTree(text);
    } catch (IOException e) {
      throw new UserException(where + ": invalid JSON");
    }
    JsonNode t = node.get(tsField);
    if (t == null || !t.isIntegralNumber() || !t.canConvertToLong()) {
      throw new UserException(where + ": field \"" + tsField
          + "\" is missing or not a 64-bit integer");
    }
    ts[values.size()] = t.longValue();
    values.add(node);
    if (values.size() == BATCH) {
      flushBatch(log);
    }
  }

  private void flushBatch(Timelog<JsonNode> log) throws IOException {
    if (values.isEmpty()) {
      return;
    }
    long[] batch = values.size() == BATCH ? ts : java.util.Arrays.copyOf(ts, values.size());
    log.appendAll(batch, values);
    loaded += values.size();
    values.clear();
  }
}
