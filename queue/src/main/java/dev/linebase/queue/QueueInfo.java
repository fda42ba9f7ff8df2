package dev.linebase.queue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Introspection helpers over a file queue's directory. Stateless and thread-safe. */
final class QueueInfo {
  private QueueInfo() {}

  /** Names of the groups with a position file, sorted. */
  static List<String> groups(Path dir) throws IOException {
    List<String> out = new ArrayList<>();
    Path groups = QueueFiles.groups(dir);
    if (!Files.isDirectory(groups)) {
      return out;
    }
    try (Stream<Path> files = Files.list(groups)) {
      files.map(QueueFiles::groupOf).filter(g -> g != null).sorted().forEach(out::add);
    }
    return out;
  }

  /** Bytes used by every file under {@code dir}. */
  static long diskBytes(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      long total = 0;
      for (Path p : (Iterable<Path>) files::iterator) {
        if (Files.isRegularFile(p)) {
          try {
            total += Files.size(p);
          } catch (java.nio.file.NoSuchFileException e) {
            // deleted while walking
          }
        }
      }
      return total;
    }
  }
}
