package dev.linebase.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.linebase.jsonl.Codec;
import dev.linebase.jsonl.JacksonCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Encodes a store's documents with its codec, producing exactly the bytes of {@link Codec#encode}.
 * For a {@link JacksonCodec} each thread keeps one Jackson generator over a reusable buffer and
 * writes every value through it; other codecs are called per value.
 *
 * <p>Why: {@link JacksonCodec#encode} must create a generator, its I/O context, write contexts and
 * an output builder per value. For the small documents of a sequential writer that was about half
 * of the bytes allocated per {@code set} (profiled: 1.1 KB per op in all) and a large share of its
 * time, and the garbage drives young collections that also copy the store's growing live set. The
 * generator is per thread, not per store under its write lock, so that writers keep encoding in
 * parallel, outside the lock.
 *
 * <p>Memory: one generator (Jackson's 8 KB output buffer) and one buffer of the largest document
 * up to {@link #KEEP_BYTES} per thread that has written to this store, released when the thread
 * ends or, after the store is unreachable, when the thread's thread-local map drops stale entries.
 * This class is thread-safe.
 *
 * @param <T> the document type
 */
final class DocumentEncoder<T> {
  /** A thread's buffer larger than this after a value is dropped, not kept for the next one. */
  static final int KEEP_BYTES = 64 << 10;

  private final Codec<T> codec;
  private final ObjectWriter writer;
  private final ThreadLocal<Slot> slots;

  DocumentEncoder(Codec<T> codec) {
    this.codec = codec;
    this.writer = codec instanceof JacksonCodec<?> jackson ? jackson.writer() : null;
    this.slots = writer == null ? null : ThreadLocal.withInitial(Slot::new);
  }

  /** The codec's bytes for {@code value}. */
  byte[] encode(T value) {
    if (writer == null) {
      return codec.encode(value);
    }
    Slot slot = slots.get();
    if (slot.busy) {
      return codec.encode(value); // re-entered from inside a value's serializer
    }
    slot.busy = true;
    try {
      return slot.write(writer, value);
    } catch (JsonProcessingException e) {
      slot.generator = null; // its state is unknown after a failure
      throw new IllegalArgumentException(
          "value of " + (value == null ? "null" : value.getClass().getName())
              + " is not JSON-mappable: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      slot.generator = null;
      throw new UncheckedIOException(e); // the sink is memory; nothing here does I/O
    } catch (RuntimeException | Error e) {
      slot.generator = null;
      throw e;
    } finally {
      slot.busy = false;
    }
  }

  /** One thread's generator and the in-memory output it writes to. */
  private static final class Slot extends OutputStream {
    private byte[] buf = new byte[256];
    private int count;
    private JsonGenerator generator;
    private boolean busy;

    byte[] write(ObjectWriter writer, Object value) throws IOException {
      JsonGenerator g = generator;
      if (g == null) {
        g = writer.createGenerator(this);
        // Values are written one after another at the root; no separator between them.
        g.setRootValueSeparator(null);
        generator = g;
      }
      count = 0;
      writer.writeValue(g, value);
      g.flush();
      byte[] out = Arrays.copyOf(buf, count);
      if (buf.length > KEEP_BYTES) {
        buf = new byte[256];
      }
      return out;
    }

    @Override
    public void write(int b) {
      ensure(1);
      buf[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      ensure(len);
      System.arraycopy(b, off, buf, count, len);
      count += len;
    }

    private void ensure(int more) {
      if (more > buf.length - count) {
        long want = Math.max((long) buf.length * 2, (long) count + more);
        if (want > Integer.MAX_VALUE - 8) {
          if ((long) count + more > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("document too large: " + ((long) count + more));
          }
          want = Integer.MAX_VALUE - 8;
        }
        buf = Arrays.copyOf(buf, (int) want);
      }
    }
  }
}
