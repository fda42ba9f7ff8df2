package dev.linebase.timelog;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.linebase.jsonl.Codec;
import dev.linebase.jsonl.JacksonCodec;
import dev.linebase.jsonl.ReusableOutput;
import java.io.IOException;

/**
 * Encodes many values with one codec, producing exactly the bytes of {@link Codec#encode}, and
 * the write-ahead log's record lines {@code [ts,VALUE]} ({@link TimelogWal}). For a
 * {@link JacksonCodec} it keeps one Jackson generator and writes every value through it: a
 * generator per value, which {@link Codec#encode} must create, cost more than encoding a small
 * value (profiled: about half of the writer's time in durable ingest). Other codecs are called
 * per value.
 *
 * <p>Not thread-safe: one instance per writer (the WAL's) or per segment file being written.
 */
final class ValueEncoder {
  private final Codec<Object> codec;
  private final ObjectWriter writer;
  private final ReusableOutput sink = new ReusableOutput();
  private JsonGenerator generator;

  ValueEncoder(Codec<Object> codec) {
    this.codec = codec;
    this.writer = codec instanceof JacksonCodec<?> jackson ? jackson.writer() : null;
  }

  /** The codec's bytes for {@code value}. */
  byte[] encode(Object value) {
    if (writer == null) {
      return codec.encode(value);
    }
    return write(Long.MIN_VALUE, false, value);
  }

  /** The WAL line {@code [ts,VALUE]} for a record (without the line terminator). */
  byte[] recordLine(long ts, Object value) {
    if (writer == null) {
      return TimelogWal.recordLine(ts, codec.encode(value));
    }
    return write(ts, true, value);
  }

  private byte[] write(long ts, boolean withTimestamp, Object value) {
    try {
      JsonGenerator g = generator;
      if (g == null) {
        g = writer.createGenerator(sink);
        // Values are written one after another at the root; no separator between them.
        g.setRootValueSeparator(null);
        generator = g;
      }
      sink.reset(Integer.MAX_VALUE);
      if (withTimestamp) {
        g.writeStartArray();
        g.writeNumber(ts);
        writer.writeValue(g, value);
        g.writeEndArray();
      } else {
        writer.writeValue(g, value);
      }
      g.flush();
      return sink.toByteArray();
    } catch (IOException | RuntimeException e) {
      generator = null; // its state is unknown after a failure; start a fresh one next time
      throw new IllegalArgumentException("value of " + value.getClass().getName()
          + " is not JSON-mappable: " + (e instanceof JsonProcessingException j
              ? j.getOriginalMessage() : e.toString()), e);
    }
  }

  /** Releases the generator's buffers (to Jackson's recycler). The encoder stays usable. */
  void release() {
    JsonGenerator g = generator;
    generator = null;
    if (g != null) {
      try {
        g.close();
      } catch (IOException e) {
        // Nothing was pending: every value was flushed when it was written.
      }
    }
  }
}
