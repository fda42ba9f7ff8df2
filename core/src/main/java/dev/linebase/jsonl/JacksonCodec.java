package dev.linebase.jsonl;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;

/**
 * A {@link Codec} through Jackson: compact JSON on one line (Jackson never emits a raw newline in
 * compact output; string newlines are escaped as {@code \n}). This class is thread-safe.
 *
 * <p>{@link #encode} writes through one long-lived Jackson generator per thread instead of
 * creating one per value ({@code ObjectWriter.writeValueAsBytes}): for a small value
 * the generator's creation costs more than the encoding (measured: a three-field record took
 * about twice as long). The bytes are the same; a re-entrant call (a custom serializer that
 * encodes with this codec) falls back to a generator of its own.
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
    Encoder e = ENCODERS.get();
    try {
      if (e.busy) {
        return writer.writeValueAsBytes(value);
      }
      return e.encode(writer, value);
    } catch (JsonProcessingException x) {
      throw notMappable(value, x.getOriginalMessage(), x);
    } catch (IOException | RuntimeException x) {
      throw notMappable(value, x.toString(), x);
    }
  }

  private static IllegalArgumentException notMappable(Object value, String why, Exception e) {
    return new IllegalArgumentException("value of "
        + (value == null ? "null" : value.getClass().getName()) + " is not JSON-mappable: " + why,
        e);
  }

  private static final ThreadLocal<Encoder> ENCODERS = ThreadLocal.withInitial(Encoder::new);

  /**
   * One thread's generator, writing into a reused buffer. A generator made by one codec's writer
   * serves every codec whose writer has the same configuration and factory (every codec of one
   * mapper: {@code writerFor(type)} changes neither), so a thread that alternates between
   * queues of one mapper keeps one generator.
   */
  private static final class Encoder {
    /** A buffer grown past this for one huge value is not kept for the thread's lifetime. */
    private static final int KEEP_BYTES = 64 << 10;

    private final ReusableOutput out = new ReusableOutput();
    private JsonGenerator generator;
    private Object generatorConfig;
    private Object generatorFactory;
    boolean busy;

    byte[] encode(ObjectWriter writer, Object value) throws IOException {
      busy = true;
      boolean ok = false;
      try {
        JsonGenerator g = generator;
        if (g == null || generatorConfig != writer.getConfig()
            || generatorFactory != writer.getFactory()) {
          g = writer.createGenerator(out);
          g.setRootValueSeparator(null); // root values follow each other with nothing between
          generator = g;
          generatorConfig = writer.getConfig();
          generatorFactory = writer.getFactory();
        }
        writer.writeValue(g, value);
        g.flush();
        ok = true;
        return out.toByteArray();
      } finally {
        busy = false;
        out.reset(KEEP_BYTES);
        if (!ok) {
          generator = null; // its state is unknown after a failure: a fresh one next time
        }
      }
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
