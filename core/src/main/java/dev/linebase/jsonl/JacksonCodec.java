package dev.linebase.jsonl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;

/**
 * A {@link Codec} through Jackson: compact JSON on one line (Jackson never emits a raw newline in
 * compact output; string newlines are escaped as {@code \n}). This class is thread-safe.
 *
 * @param <T> the value type
 */
public final class JacksonCodec<T> implements Codec<T> {
  private final Class<T> type;
  private final ObjectReader reader;
  private final ObjectWriter writer;

  public JacksonCodec(ObjectMapper mapper, Class<T> type) {
    this.type = type;
    this.reader = mapper.readerFor(type);
    this.writer = mapper.writerFor(type);
  }

  @Override
  public byte[] encode(T value) {
    try {
      return writer.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "value of " + (value == null ? "null" : value.getClass().getName())
              + " is not JSON-mappable: " + e.getOriginalMessage(), e);
    }
  }

  @Override
  public T decode(byte[] bytes, int offset, int length) throws IOException {
    return reader.readValue(bytes, offset, length);
  }

  /**
   * The Jackson writer behind {@link #encode}, for callers that encode many values through one
   * generator (a generator per value, as {@link #encode} must create, can cost more than the
   * encoding itself); writing a value with it produces exactly the bytes of {@link #encode}.
   */
  public ObjectWriter writer() {
    return writer;
  }

  @Override
  public String toString() {
    return "json(" + type.getSimpleName() + ")";
  }
}
