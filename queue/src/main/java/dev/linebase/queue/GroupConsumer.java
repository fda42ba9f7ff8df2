package dev.linebase.queue;

import dev.linebase.io.FileLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * One queue handle's consumer in one group of a file queue: claims messages into slots of the
 * group's {@link GroupFile} and hands them out.
 *
 * <h2>How consumers in many threads and processes share a group</h2>
 *
 * <ol>
 *   <li>A consumer owns one or more slots; it owns slot {@code N} while it holds the OS lock on
 *       {@code G.slot-N.lock}. The kernel drops that lock when the process dies.
 *   <li>To claim, it takes the group lock {@code G.lock}, reads all slots, and first <em>adopts</em>
 *       any slot with outstanding messages whose lock it can take (its owner closed or died): the
 *       adopter hands out again every message of that slot that was leased but not acknowledged,
 *       then the ones never handed out. Otherwise it reads up to {@code claimBatch} (64 in
 *       acknowledged mode) messages at the group cursor (the largest {@code to} of all slots) and
 *       records {@code [cursor, cursor + n)} in one of its slots with a single slot write: that
 *       write is the claim's commit point. Then it releases the group lock.
 *   <li>Handing out a claimed message needs no lock: in auto-commit mode the consumer writes its
 *       slot with the message marked consumed (one 64-byte positional write, forced under {@code
 *       GROUP}/{@code SYNC}) <em>before</em> returning it, so a message is never returned twice,
 *       and messages claimed but not returned are adopted by another consumer if this one dies:
 *       none is lost. In acknowledged mode handing out writes nothing (a dead consumer's leases
 *       are redelivered from the slot's {@code from}); {@code ack} writes the slot.
 * </ol>
 *
 * A lease that times out is handed out again by this consumer (to any of its threads); across
 * processes, leases move only when their owner closes or dies.
 *
 * <p>This class is thread-safe (its methods are synchronized).
 */
final class GroupConsumer implements AutoCloseable {
  static final int ACK_WINDOW = 64;

  private final Path dir;
  private final String group;
  private final GroupFile file;
  private final LineSource source;
  private final int claimBatch;
  private final long leaseNanos;
  private final List<HeldSlot> held = new ArrayList<>();
  private boolean closed;

  private GroupConsumer(Path dir, String group, GroupFile file, LineSource source,
      int claimBatch, Duration leaseTimeout) {
    this.dir = dir;
    this.group = group;
    this.file = file;
    this.source = source;
    this.claimBatch = claimBatch;
    this.leaseNanos = leaseTimeout.toNanos();
  }

  /** Opens (creating when missing) group {@code group} of the queue in {@code dir}. */
  static GroupConsumer open(Path dir, String group, LineSource source, QueueConfig config)
      throws IOException {
    Path path = ensureGroupFile(dir, group, source);
    GroupFile f = GroupFile.open(path, config.durability());
    return new GroupConsumer(dir, group, f, source, config.claimBatch(), config.leaseTimeout());
  }

  /** Creates the group file under the group lock if it does not exist; returns its path. */
  @SuppressWarnings("try") // the lock is held for the block's duration
  static Path ensureGroupFile(Path dir, String group, LineSource source) throws IOException {
    Path path = QueueFiles.groupFile(dir, group);
    if (!Files.exists(path)) {
      Files.createDirectories(QueueFiles.groups(dir));
      try (FileLock lock = FileLock.acquire(QueueFiles.groupLock(dir, group))) {
        if (!Files.exists(path)) {
          GroupFile.create(path, source.firstPosition());
        }
      }
    }
    return path;
  }

  String group() {
    return group;
  }

  /** Hands out up to {@code maxCount} messages, consumed before they are returned. */
  synchronized List<byte[]> claimAuto(int maxCount) throws IOException {
    List<byte[]> out = new ArrayList<>(Math.min(maxCount, claimBatch));
    List<HeldSlot> touched = new ArrayList<>(1);
    while (out.size() < maxCount) {
      HeldSlot s = deliverable();
      if (s == null) {
        if (!refill(claimBatch)) {
          break;
        }
        continue;
      }
      long p = s.state.nextUndelivered();
      out.add(s.take(p));
      s.state = s.state.deliver(p, SlotState.Consumption.CONSUMED);
      if (!touched.contains(s)) {
        touched.add(s);
      }
    }
    for (HeldSlot s : touched) {
      s.write(file);
    }
    releaseDone();
    return out;
  }

  /** Leases one message in acknowledged mode, or returns null. */
  synchronized Delivery lease() throws IOException {
    long now = System.nanoTime();
    for (HeldSlot s : held) {
      for (long p = s.state.from(); p < s.state.delivered(); p++) {
        if (!s.state.isConsumed(p) && now - s.leasedAt(p) >= leaseNanos) {
          s.setLeasedAt(p, now);
          return new Delivery(p, s.peek(p));
        }
      }
    }
    while (true) {
      HeldSlot s = deliverable();
      if (s != null) {
        long p = s.state.nextUndelivered();
        s.state = s.state.deliver(p, SlotState.Consumption.LEASED);
        s.setLeasedAt(p, now);
        return new Delivery(p, s.peek(p));
      }
      if (!refill(Math.min(claimBatch, ACK_WINDOW))) {
        return null;
      }
    }
  }

  /** Marks a leased message consumed. */
  synchronized void ack(long position) throws IOException {
    for (HeldSlot s : held) {
      SlotState st = s.state;
      if (position >= st.from() && position < st.delivered()) {
        if (st.isConsumed(position)) {
          return;
        }
        s.state = st.consume(position);
        s.write(file);
        s.forget(position);
        releaseDone();
        return;
      }
    }
    throw new IllegalArgumentException("message " + position + " is not leased by this consumer "
        + "of group " + group + " (already acknowledged, or handed to another consumer)");
  }

  /** A held slot with a message to hand out within its acknowledgement window, or null. */
  private HeldSlot deliverable() {
    for (HeldSlot s : held) {
      long p = s.state.nextUndelivered();
      if (p < s.state.to() && p - s.state.from() < ACK_WINDOW) {
        return s;
      }
    }
    return null;
  }

  /** Releases held slots with nothing outstanding, keeping one for the next claim. */
  private void releaseDone() throws IOException {
    if (held.size() <= 1) {
      return;
    }
    Iterator<HeldSlot> it = held.iterator();
    while (it.hasNext() && held.size() > 1) {
      HeldSlot s = it.next();
      if (s.state.outstanding() == 0) {
        it.remove();
        s.lock.close();
      }
    }
  }

  /**
   * Under the group lock: adopts orphaned slots, or claims up to {@code count} new messages.
   *
   * @return false when there was nothing to adopt or claim
   */
  @SuppressWarnings("try") // the group lock is held for the block's duration
  private boolean refill(int count) throws IOException {
    if (closed) {
      throw new IllegalStateException("consumer of group " + group + " is closed");
    }
    try (FileLock groupLock = FileLock.acquire(QueueFiles.groupLock(dir, group))) {
      SlotState[] all = file.readAll();
      if (adoptOrphans(all)) {
        return true;
      }
      long cursor = cursor(all);
      List<byte[]> lines = source.read(cursor, count);
      if (lines.isEmpty()) {
        return false;
      }
      HeldSlot target = emptyHeldSlot();
      if (target == null) {
        target = acquireFreeSlot(all);
      }
      target.state = new SlotState(target.state.seq(), cursor, cursor, cursor + lines.size(), 0);
      target.setWindow(cursor, lines);
      target.write(file);
      return true;
    }
  }

  private boolean adoptOrphans(SlotState[] all) throws IOException {
    boolean adopted = false;
    for (int i = 0; i < all.length; i++) {
      if (all[i].outstanding() == 0 || isHeld(i)) {
        continue;
      }
      FileLock lock = tryLockSlot(i);
      if (lock == null) {
        continue;
      }
      HeldSlot h = new HeldSlot(i, lock, file.read(i).rewound());
      if (h.state.outstanding() == 0) {
        lock.close();
        continue;
      }
      try {
        h.setWindow(h.state.from(), readExactly(h.state.from(), h.state.to()));
      } catch (IOException | RuntimeException e) {
        lock.close();
        throw e;
      }
      held.add(h);
      adopted = true;
    }
    return adopted;
  }

  private List<byte[]> readExactly(long from, long to) throws IOException {
    List<byte[]> lines = new ArrayList<>((int) (to - from));
    while (lines.size() < to - from) {
      List<byte[]> more = source.read(from + lines.size(), (int) (to - from - lines.size()));
      if (more.isEmpty()) {
        throw new IOException("queue " + dir + ": group " + group + " has claimed messages ["
            + from + ", " + to + ") but the log ends at " + (from + lines.size()));
      }
      lines.addAll(more);
    }
    return lines;
  }

  private HeldSlot emptyHeldSlot() {
    for (HeldSlot s : held) {
      if (s.state.outstanding() == 0) {
        return s;
      }
    }
    return null;
  }

  private HeldSlot acquireFreeSlot(SlotState[] all) throws IOException {
    for (int i = 0; i < all.length; i++) {
      if (all[i].outstanding() != 0 || isHeld(i)) {
        continue;
      }
      FileLock lock = tryLockSlot(i);
      if (lock != null) {
        HeldSlot h = new HeldSlot(i, lock, file.read(i));
        held.add(h);
        return h;
      }
    }
    // Every slot is in use: append one (the file grows under the group lock).
    int i = all.length;
    FileLock lock = tryLockSlot(i);
    if (lock == null) {
      throw new IOException("slot lock " + QueueFiles.slotLock(dir, group, i)
          + " is held although slot " + i + " does not exist yet");
    }
    HeldSlot h = new HeldSlot(i, lock, SlotState.emptyAt(0, 0));
    held.add(h);
    return h;
  }

  private boolean isHeld(int index) {
    for (HeldSlot s : held) {
      if (s.index == index) {
        return true;
      }
    }
    return false;
  }

  private FileLock tryLockSlot(int index) throws IOException {
    try {
      return FileLock.tryAcquire(QueueFiles.slotLock(dir, group, index));
    } catch (FileLock.LockedException e) {
      return null;
    }
  }

  /** The next position no consumer of the group has claimed. */
  static long cursor(SlotState[] slots) {
    long c = 0;
    for (SlotState s : slots) {
      c = Math.max(c, s.to());
    }
    return c;
  }

  /** Messages the group has consumed (auto-committed or acknowledged). */
  static long consumed(SlotState[] slots) {
    long c = cursor(slots);
    for (SlotState s : slots) {
      c -= s.outstanding();
    }
    return c;
  }

  /** The oldest position the group may still need (retention must keep it). */
  static long oldestNeeded(SlotState[] slots) {
    long oldest = cursor(slots);
    for (SlotState s : slots) {
      if (s.outstanding() > 0) {
        oldest = Math.min(oldest, s.from());
      }
    }
    return oldest;
  }

  /** Reads the slots of this group's file. */
  synchronized SlotState[] slots() throws IOException {
    return file.readAll();
  }

  /** Releases every slot; messages claimed but not consumed stay for other consumers. */
  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    IOException failure = null;
    for (HeldSlot s : held) {
      try {
        s.lock.close();
      } catch (IOException e) {
        failure = failure == null ? e : failure;
      }
    }
    held.clear();
    try {
      file.close();
    } catch (IOException e) {
      failure = failure == null ? e : failure;
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** A slot this consumer owns, with the bytes of the messages it covers. */
  private static final class HeldSlot {
    final int index;
    final FileLock lock;
    SlotState state;
    long windowBase;
    byte[][] window = new byte[0][];
    long[] leasedAtNanos = new long[0];

    HeldSlot(int index, FileLock lock, SlotState state) {
      this.index = index;
      this.lock = lock;
      this.state = state;
    }

    void setWindow(long base, List<byte[]> lines) {
      windowBase = base;
      window = lines.toArray(new byte[0][]);
      leasedAtNanos = new long[window.length];
    }

    byte[] peek(long position) {
      return window[(int) (position - windowBase)];
    }

    /** The bytes at {@code position}, dropped from memory (auto-commit never needs them again). */
    byte[] take(long position) {
      int i = (int) (position - windowBase);
      byte[] b = window[i];
      window[i] = null;
      return b;
    }

    void forget(long position) {
      window[(int) (position - windowBase)] = null;
    }

    long leasedAt(long position) {
      return leasedAtNanos[(int) (position - windowBase)];
    }

    void setLeasedAt(long position, long nanos) {
      leasedAtNanos[(int) (position - windowBase)] = nanos;
    }

    void write(GroupFile f) throws IOException {
      state = state.withSeq(state.seq() + 1);
      f.write(index, state);
    }
  }
}
