package dev.linebase.jsonl;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Turns values into the content of one line and back. The content never includes the line
 * terminator; writers append {@code \n}. Implementations must be thread-safe.
 *
 * @param <T> the value type
 */
public interface Codec<T> {

  /**
   * The bytes of one line's content for {@code value}.
   *
   * @throws IllegalArgumentException if the value cannot be encoded (not JSON-mappable)
   */
  byte[] encode(T value);

  /**
   * The value whose content is {@code bytes[offset, offset + length)}.
   *
   * @throws IOException if the content is not a valid encoding; callers add the file and line
   */
  T decode(byte[] bytes, int offset, int length) throws IOException;

  /** Values of {@code type} as compact JSON through Jackson. */
  static <T> Codec<T> json(Class<T> type) {
    return new JacksonCodec<>(Json.mapper(), type);
  }

  /** Any JSON value as a Jackson tree. */
  static Codec<JsonNode> tree() {
    return json(JsonNode.class);
  }

  /** Raw UTF-8 text lines; no JSON involved. */
  static Codec<String> text() {
    return TextCodec.INSTANCE;
  }

  /** See {@link Codec#text()}. */
  enum TextCodec implements Codec<String> {
    INSTANCE;

    @Override
    public byte[] encode(String value) {
      return value.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String decode(byte[] bytes, int offset, int length) {
      return new String(bytes, offset, length, StandardCharsets.UTF_8);
    }
  }
}
