package dev.linebase.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.linebase.jsonl.Json;
import java.io.PrintWriter;

/** Writes one JSON value per line to a command's stdout, with the shared Jackson mapper. */
final class JsonOutput {
  private JsonOutput() {}

  /** Prints {@code value} (a map, record, list or tree) as one line of JSON. */
  static void println(PrintWriter out, Object value) {
    try {
      out.println(Json.mapper().writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON output: " + e.getOriginalMessage(), e);
    }
  }
}
