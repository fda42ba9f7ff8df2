package dev.linebase.queue;

import dev.linebase.io.Durability;
import dev.linebase.io.FileLock;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves group positions that lie beyond the end of the log back to it. After a power loss under
 * {@link Durability#NONE} a group file can be newer than the log (the OS wrote its page but not
 * the log's last pages): its cursor names lines that no longer exist, and the next messages put
 * would get exactly those line numbers and be skipped. A file queue runs this check when a handle
 * opens its consumer or its log writer (before its first put), so the first process after the
 * loss repairs the positions before anything is appended or claimed.
 *
 * <p>Every slot whose {@code to} exceeds the log's end is clamped to it ({@code from}, {@code
 * delivered} and {@code to} at most the end, acknowledgement bits of lost positions cleared) with
 * one slot write, under the group lock and the slot's lock; a slot whose lock a live consumer
 * holds is left alone. Each repaired group is reported as an SLF4J warning naming the queue
 * directory, the group, its position and the log's end.
 *
 * <p>The end is measured after the slots were read under the group lock, so a claim (always of
 * lines that exist) can never look like a position beyond the end. Stateless and thread-safe.
 */
final class GroupPositionCheck {
  private static final Logger LOG = LoggerFactory.getLogger(FileQueue.class);

  private GroupPositionCheck() {}

  /** The end of the log, in lines. */
  @FunctionalInterface
  interface EndLine {
    long get() throws IOException;
  }

  /** One group whose position was moved back to the log's end. */
  record Clamp(String group, long position, long logEnd) {}

  /** Checks every group of the queue in {@code dir}; returns the groups it repaired. */
  static List<Clamp> clampToLogEnd(Path dir, Durability durability, EndLine endLine)
      throws IOException {
    List<Clamp> out = new ArrayList<>(0);
    for (String group : QueueInfo.groups(dir)) {
      Path path = QueueFiles.groupFile(dir, group);
      long cursor;
      try (GroupFile g = GroupFile.openReadOnly(path)) {
        cursor = GroupConsumer.cursor(g.readAll());
      }
      if (cursor <= endLine.get()) {
        continue; // the usual case, without locks: the end only grows
      }
      Clamp c = clampLocked(dir, group, durability, endLine);
      if (c != null) {
        LOG.warn("queue {}: group {} position {} is beyond the end of the log {} (log lines were "
            + "lost, e.g. by a power loss under Durability.NONE); moved back to {} so that new "
            + "messages are delivered", dir, c.group(), c.position(), c.logEnd(), c.logEnd());
        out.add(c);
      }
    }
    return out;
  }

  @SuppressWarnings("try") // the locks are held for the blocks' duration
  private static Clamp clampLocked(Path dir, String group, Durability durability, EndLine endLine)
      throws IOException {
    try (FileLock groupLock = FileLock.acquire(QueueFiles.groupLock(dir, group));
        GroupFile g = GroupFile.open(QueueFiles.groupFile(dir, group), durability)) {
      SlotState[] slots = g.readAll();
      long cursor = GroupConsumer.cursor(slots);
      long end = endLine.get();
      if (cursor <= end) {
        return null;
      }
      for (int i = 0; i < slots.length; i++) {
        if (slots[i].to() <= end) {
          continue;
        }
        FileLock slotLock;
        try {
          slotLock = FileLock.tryAcquire(QueueFiles.slotLock(dir, group, i));
        } catch (FileLock.LockedException e) {
          LOG.warn("queue {}: group {} slot {} reaches beyond the end of the log {} but a live "
              + "consumer holds it: left as it is", dir, group, i, end);
          continue;
        }
        try (slotLock) {
          SlotState s = g.read(i);
          if (s.to() > end) {
            g.write(i, clamp(s, end));
          }
        }
      }
      return new Clamp(group, cursor, end);
    }
  }

  /** {@code s} without the positions at or after {@code end}, with the next seq. */
  static SlotState clamp(SlotState s, long end) {
    long from = Math.min(s.from(), end);
    long delivered = Math.min(s.delivered(), end);
    long kept = end - from;
    long bits = s.from() >= end ? 0 : kept >= 64 ? s.ackBits() : s.ackBits() & ((1L << kept) - 1);
    return new SlotState(s.seq() + 1, from, delivered, end, bits, s.leaseDeadlineMillis());
  }
}
