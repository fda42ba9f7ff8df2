package dev.linebase.store;

import dev.linebase.io.CorruptFileException;
import dev.linebase.jsonl.LineReader;
import dev.linebase.jsonl.Records;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Streams a snapshot's records one line at a time (format in {@link SnapshotFile}); a legacy
 * monolithic snapshot is read whole first. Errors surface as {@link UncheckedIOException}. The
 * stream must be closed. Not thread-safe.
 */
final class SnapshotStream implements Iterator<JsonBytes.IdData> {
  private final LineReader reader;
  private JsonBytes.IdData next;

  private SnapshotStream(LineReader reader) {
    this.reader = reader;
  }

  static Stream<JsonBytes.IdData> open(StoreBackend backend, Path file) throws IOException {
    FileChannel ch = backend.openRead(file);
    LineReader r = LineReader.over(file, ch, 0, 0, Records.DEFAULT_MAX_RECORD_BYTES + 1024,
        Long.MAX_VALUE);
    boolean legacy;
    try {
      legacy = !r.next() || r.contentLength() == 0 || isLegacyHeader(r);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
    if (legacy) {
      ch.close();
      List<JsonBytes.IdData> all = new ArrayList<>();
      SnapshotFile.read(backend, file, (id, data) -> all.add(new JsonBytes.IdData(id, data)));
      return all.stream();
    }
    SnapshotStream it = new SnapshotStream(r);
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED), false)
        .onClose(() -> {
          try {
            ch.close();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  private static boolean isLegacyHeader(LineReader r) {
    try {
      com.fasterxml.jackson.databind.JsonNode h =
          dev.linebase.jsonl.Json.mapper().readTree(r.buffer(), r.contentOffset(), r.contentLength());
      return h == null || !h.isObject() || h.has("records");
    } catch (IOException e) {
      return true;
    }
  }

  @Override
  public boolean hasNext() {
    if (next != null) {
      return true;
    }
    try {
      while (reader.next()) {
        if (SnapshotFile.isBlank(reader.buffer(), reader.contentOffset(), reader.contentLength())) {
          continue;
        }
        JsonBytes.IdData d = JsonBytes.parseIdData(reader.buffer(), reader.contentOffset(),
            reader.contentLength());
        if (d == null) {
          throw new CorruptFileException(reader.path(), reader.lineOffset(), reader.lineNumber(),
              "invalid snapshot record");
        }
        next = d;
        return true;
      }
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public JsonBytes.IdData next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    JsonBytes.IdData d = next;
    next = null;
    return d;
  }
}
