package dev.linebase.queue;

import dev.linebase.log.SegmentFiles;
import dev.linebase.log.SegmentedLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Deletes the log segments of a file queue that every consumer group has consumed and the
 * {@link Retention} policy does not keep.
 *
 * <p>The oldest line still needed is the minimum over every group file in {@code groups/} of
 * {@link GroupConsumer#oldestNeeded}: the start of any claimed or leased range, else the group's
 * cursor. Segments are whole files; the log deletes only sealed segments entirely below the
 * bound. When every group has consumed everything and the active segment is larger than
 * {@link #ROLL_DRAINED_BYTES}, the log is rolled first, so a drained queue shrinks to (almost)
 * nothing even when its one segment never filled up.
 *
 * <p>Reads group files without their locks (see {@link GroupFile} for why that is safe). Stateless
 * and thread-safe.
 */
final class SegmentRetention {
  /** A drained queue's active segment is rolled away once it is this large. */
  static final long ROLL_DRAINED_BYTES = 1L << 20;

  private SegmentRetention() {}

  /** Applies retention to the queue in {@code dir} whose log is {@code log}. */
  static void apply(Path dir, SegmentedLog log, Retention retention) throws IOException {
    long needed = oldestNeededByAnyGroup(dir, log.endLine());
    List<SegmentFiles.SegmentFile> segs = SegmentFiles.list(QueueFiles.log(dir));
    if (segs.isEmpty()) {
      return;
    }
    long bound = keepBound(segs, needed, retention);
    SegmentFiles.SegmentFile last = segs.get(segs.size() - 1);
    if (bound >= log.endLine() && needed >= log.endLine() && sizeOf(last.path())
        >= ROLL_DRAINED_BYTES && retention.keepBytes() == 0 && retention.keepFor().isZero()) {
      log.roll();
    }
    if (bound > segs.get(0).base()) {
      log.deleteBefore(bound);
    }
  }

  /** The first line retention keeps, given that lines from {@code needed} must stay. */
  static long keepBound(List<SegmentFiles.SegmentFile> segs, long needed, Retention retention)
      throws IOException {
    long bound = needed;
    long keptBytes = 0;
    long now = System.currentTimeMillis();
    // Walk sealed segments below the bound from the newest back; keep those the policy wants.
    for (int i = segs.size() - 2; i >= 0; i--) {
      SegmentFiles.SegmentFile s = segs.get(i);
      long next = segs.get(i + 1).base();
      if (next > bound) {
        continue;
      }
      boolean keep = false;
      if (retention.keepBytes() > keptBytes) {
        keptBytes += sizeOf(s.path());
        keep = true;
      }
      if (!retention.keepFor().isZero()
          && now - mtime(s.path()) < retention.keepFor().toMillis()) {
        keep = true;
      }
      if (!keep) {
        break;
      }
      bound = s.base();
    }
    return bound;
  }

  static long oldestNeededByAnyGroup(Path dir, long endLine) throws IOException {
    long needed = endLine;
    Path groups = QueueFiles.groups(dir);
    if (!Files.isDirectory(groups)) {
      return needed;
    }
    try (Stream<Path> files = Files.list(groups)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        if (QueueFiles.groupOf(p) == null) {
          continue;
        }
        try (GroupFile g = GroupFile.openReadOnly(p)) {
          needed = Math.min(needed, GroupConsumer.oldestNeeded(g.readAll()));
        }
      }
    }
    return needed;
  }

  private static long sizeOf(Path p) throws IOException {
    try {
      return Files.size(p);
    } catch (NoSuchFileException e) {
      return 0;
    }
  }

  private static long mtime(Path p) throws IOException {
    try {
      return Files.getLastModifiedTime(p).toMillis();
    } catch (NoSuchFileException e) {
      return 0;
    }
  }
}
