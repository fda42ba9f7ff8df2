package dev.linebase.cli.timelog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.linebase.jsonl.Json;
import dev.linebase.jsonl.LineReader;
import dev.linebase.jsonl.Records;
import dev.linebase.cli.ExitCodes;
import dev.linebase.cli.Main;
import dev.linebase.cli.UserException;
import dev.linebase.timelog.Timelog;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
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
 * (or stdin), one per line, keyed by an integer field. Lines are split by core's
 * {@link LineReader} for files and stdin alike (the Linebase line rules: {@code \r\n} accepted,
 * a BOM at the start ignored, a last line without {@code \n} counted); messages name lines
 * 1-based. Blank lines are skipped. Records are stored in batches of 4,096; on a bad line the
 * command stops, reports the line, and keeps the batches stored before it (the message says how
 * many records). Prints
 * {@code {"loaded":N,"count":M}}.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
    description = "Append JSONL records (from FILE or stdin) keyed by an integer timestamp field.")
public final class TimelogLoadCommand implements Callable<Integer> {
  private static final int BATCH = 4_096;
  private static final Path STDIN = Path.of("stdin");

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
        try (LineReader lines = file != null
            ? LineReader.open(file, Records.DEFAULT_MAX_RECORD_BYTES)
            : LineReader.over(Main.stdin(spec), STDIN, Records.DEFAULT_MAX_RECORD_BYTES)) {
          while (next(lines)) {
            accept(log, lines);
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

  /** The next line of the input; a line over the size limit is a user error naming it. */
  private boolean next(LineReader lines) throws IOException {
    try {
      return lines.next();
    } catch (LineReader.LineTooLongException e) {
      throw new UserException(where(lines.lineNumber() + 1) + ": longer than "
          + Records.DEFAULT_MAX_RECORD_BYTES + " bytes");
    }
  }

  /** How messages name a 0-based input line: {@code stdin line 3}, {@code FILE line 3}. */
  private String where(long lineNumber) {
    return (file == null ? "stdin" : file.toString()) + " line " + (lineNumber + 1);
  }

  private void accept(Timelog<JsonNode> log, LineReader lines) throws IOException {
    String where = where(lines.lineNumber());
    String text;
    try {
      text = lines.content();
    } catch (CharacterCodingException e) {
      throw new UserException(where + ": not valid UTF-8");
    }
    if (text.isBlank()) {
      return;
    }
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
