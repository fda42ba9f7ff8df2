package dev.linebase.cli;

import com.fasterxml.jackson.databind.util.RawValue;
import dev.linebase.jsonl.Json;
import dev.linebase.jsonl.LineReader;
import dev.linebase.jsonl.Records;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One pass over the lines of a plain line file with {@link LineReader}, for {@code dump} and
 * {@code verify}: each line's number, byte offset, length, and whether it is UTF-8 and one JSON
 * value. Not thread-safe.
 */
final class LineFileScan {
  /** What one line is, as {@code dump} prints it and {@code verify} checks it. */
  record Line(
      long number, long offset, long length, boolean complete, String text, String problem) {

    /** The dump record: number, offset, length, then the JSON value or the text and problem. */
    Map<String, Object> toDump(boolean json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("line", number);
      m.put("offset", offset);
      m.put("length", length);
      if (!complete) {
        m.put("complete", false);
      }
      if (json && problem == null && !text.isBlank()) {
        m.put("value", new RawValue(text));
      } else {
        m.put("text", text);
        if (problem != null) {
          m.put("problem", problem);
        }
      }
      return m;
    }
  }

  /** Receives each line in order. */
  interface Visitor {
    void line(Line line) throws IOException;
  }

  private LineFileScan() {}

  /** Whether a file of this name holds JSON lines ({@code .jsonl}, {@code .ndjson}). */
  static boolean looksLikeJsonLines(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json");
  }

  /**
   * Visits every line of {@code file}; {@code json} also checks each non-blank line is one JSON
   * value (blank lines are lines, which JSON readers skip).
   */
  static long scan(Path file, boolean json, Visitor visitor) throws IOException {
    long count = 0;
    try (LineReader reader = LineReader.open(file, Records.DEFAULT_MAX_RECORD_BYTES)) {
      while (reader.next()) {
        String text;
        String problem = null;
        try {
          text = reader.content();
        } catch (CharacterCodingException e) {
          text = new String(reader.buffer(), reader.contentOffset(), reader.contentLength(),
              StandardCharsets.UTF_8);
          problem = "not valid UTF-8";
        }
        if (problem == null && json && !text.isBlank()) {
          problem = Json.problem(reader.buffer(), reader.contentOffset(), reader.contentLength());
        }
        visitor.line(new Line(reader.lineNumber(), reader.lineOffset(),
            reader.nextOffset() - reader.lineOffset(), reader.complete(), text, problem));
        count++;
      }
    }
    return count;
  }
}
