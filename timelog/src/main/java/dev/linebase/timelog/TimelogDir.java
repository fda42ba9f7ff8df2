package dev.linebase.timelog;

import dev.linebase.jsonl.Codec;
import java.io.IOException;
import java.nio.file.Path;

/** Durable timelog directories (write-ahead log, segment files, manifest). Stateless. */
final class TimelogDir {
  private TimelogDir() {}

  static <V> Timelog<V> open(Path dir, TimelogConfig config, Codec<V> codec,
      DropListener<Object> onDrop) throws IOException {
    throw new UnsupportedOperationException("durable timelog: not yet");
  }
}
