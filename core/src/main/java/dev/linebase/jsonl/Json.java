package dev.linebase.jsonl;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/**
 * The one Jackson configuration Linebase uses, and JSON checks on line content. This class is
 * thread-safe.
 */
public final class Json {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();
  private static final JsonFactory FACTORY = MAPPER.getFactory();

  private Json() {}

  /** The shared mapper: compact output, trailing tokens rejected, unknown properties ignored. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * Returns null when {@code bytes[offset, offset+length)} is exactly one JSON value (surrounding
   * whitespace allowed), otherwise a short description of the first problem and where it is.
   */
  public static String problem(byte[] bytes, int offset, int length) {
    if (JsonValidator.firstError(bytes, offset, length) < 0) {
      return null;
    }
    return describeProblem(bytes, offset, length);
  }

  /** The slow path: Jackson's own description of why the content is not one JSON value. */
  private static String describeProblem(byte[] bytes, int offset, int length) {
    try (JsonParser p = FACTORY.createParser(bytes, offset, length)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        return "empty line is not a JSON value";
      }
      p.skipChildren();
      JsonToken extra = p.nextToken();
      if (extra != null) {
        return "more than one JSON value (second starts at column "
            + p.currentTokenLocation().getColumnNr() + ")";
      }
      // Jackson accepted what the validator rejected: name the validator's position.
      return "invalid JSON at byte " + JsonValidator.firstError(bytes, offset, length);
    } catch (IOException e) {
      String msg = e.getMessage();
      int cut = msg == null ? -1 : msg.indexOf('\n');
      return "invalid JSON: " + (cut < 0 ? msg : msg.substring(0, cut));
    }
  }

  /** True when {@code bytes[offset, offset+length)} is exactly one JSON value. */
  public static boolean isValue(byte[] bytes, int offset, int length) {
    return problem(bytes, offset, length) == null;
  }
}
