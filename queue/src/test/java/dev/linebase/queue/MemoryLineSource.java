package dev.linebase.queue;

import java.util.ArrayList;
import java.util.List;

/** An in-memory {@link LineSource} for tests of the consumer machinery. Thread-safe. */
final class MemoryLineSource implements LineSource {
  private final List<byte[]> lines = new ArrayList<>();

  synchronized void add(String line) {
    lines.add(line.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Override
  public synchronized List<byte[]> read(long position, int maxCount) {
    List<byte[]> out = new ArrayList<>();
    for (long p = position; p < lines.size() && out.size() < maxCount; p++) {
      out.add(lines.get((int) p));
    }
    return out;
  }

  @Override
  public long firstPosition() {
    return 0;
  }
}
