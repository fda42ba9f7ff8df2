package dev.linebase.queue;

import dev.linebase.io.FileLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.function.LongSupplier;

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
 *       none is lost. A dead consumer's leases are redelivered from the slot's {@code from}.
 * </ol>
 *
 * <h2>Lease timeouts across processes</h2>
 *
 * In acknowledged mode the owner records in its slot the wall-clock time at which its oldest
 * unacknowledged lease runs out ({@link SlotState#leaseDeadlineMillis()}); it writes the slot when
 * that changes: at a slot's first lease, at every {@code ack}, and when it hands an expired lease
 * out again itself. Every write of a slot that has a deadline happens under the group lock, and
 * the owner first checks that the slot's {@code seq} on disk is still the one it last wrote.
 *
 * <p>A consumer that claims under the group lock and finds a slot held by a live consumer (its
 * lock taken) whose deadline has passed <em>takes the slot over</em>: it copies the slot's
 * outstanding range into one of its own slots, rewound (commit point: that write), then empties
 * the old slot at its {@code to} with the next {@code seq}. Every outstanding message of the slot
 * moves, leased or not, also leases younger than the expired one. The old owner notices at its
 * next write or expired-deadline check (the {@code seq} changed) and forgets the range; a late
 * {@code ack} of a message in it fails with {@link IllegalArgumentException} (as in the sqlite
 * driver) and changes nothing: the new holder delivers the message again and its ack counts. A
 * crash between the two writes of a takeover leaves the range in both slots: it is delivered
 * again (at least once), never lost. Wall clocks of the processes of one host agree; a clock
 * step moves deadlines with it.
 *
 * <p>Within one consumer a lease that times out is handed out again (to any of its threads) by
 * the monotonic clock.
 *
 * <p>This class is thread-safe (its methods are synchronized).
 */
final class GroupConsumer implements AutoCloseable {
  static final int ACK_WINDOW = 64;
  /** How many ranges lost to takeovers are remembered, to explain late acks there. */
  private static final int TAKEN_OVER_MEMORY = 64;

  private final Path dir;
  private final String group;
  private final GroupFile file;
  private final LineSource source;
  private final int claimBatch;
  private final long leaseNanos;
  private final long leaseMillis;
  private final LongSupplier wallMillis;
  private final List<HeldSlot> held = new ArrayList<>();
  private final ArrayDeque<long[]> takenOver = new ArrayDeque<>();
  private boolean closed;

  private GroupConsumer(Path dir, String group, GroupFile file, LineSource source,
      int claimBatch, Duration leaseTimeout, LongSupplier wallMillis) {
    this.dir = dir;
    this.group = group;
    this.file = file;
    this.source = source;
    this.claimBatch = claimBatch;
    this.leaseNanos = leaseTimeout.toNanos();
    this.leaseMillis = Math.max(1, leaseTimeout.toMillis());
    this.wallMillis = wallMillis;
  }

  /** Opens (creating when missing) group {@code group} of the queue in {@code dir}. */
  static GroupConsumer open(Path dir, String group, LineSource source, QueueConfig config)
      throws IOException {
    return open(dir, group, source, config, System::currentTimeMillis);
  }

  /** Like {@link #open(Path, String, LineSource, QueueConfig)} with a wall clock for deadlines. */
  static GroupConsumer open(Path dir, String group, LineSource source, QueueConfig config,
      LongSupplier wallMillis) throws IOException {
    Path path = ensureGroupFile(dir, group, source);
    GroupFile f = GroupFile.open(path, config.durability());
    return new GroupConsumer(dir, group, f, source, config.claimBatch(), config.leaseTimeout(),
        wallMillis);
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
      SlotState next = s.state.deliver(p, SlotState.Consumption.CONSUMED);
      if (s.state.leaseDeadlineMillis() != 0) {
        // The slot also holds leases (this consumer receives too), so another process may take
        // it over: write under the group lock, and hand the message out only if it is still ours.
        if (commitLocked(s, next)) {
          out.add(s.take(p));
        }
        continue;
      }
      out.add(s.take(p));
      s.state = next;
      if (!touched.contains(s)) {
        touched.add(s);
      }
    }
    for (HeldSlot s : touched) {
      s.commit(file, s.state);
    }
    releaseDone();
    return out;
  }

  /** Leases one message in acknowledged mode, or returns null. */
  synchronized Delivery lease() throws IOException {
    checkTakeovers();
    long nowNanos = System.nanoTime();
    for (HeldSlot s : held) {
      for (long p = s.state.from(); p < s.state.delivered(); p++) {
        if (!s.state.isConsumed(p) && nowNanos - s.leasedAt(p) >= leaseNanos) {
          s.markLeased(p, nowNanos, wallMillis.getAsLong() + leaseMillis);
          if (commitLocked(s, s.state.withLeaseDeadline(s.oldestExpiry(s.state)))) {
            return new Delivery(p, s.peek(p));
          }
          return lease(); // the slot was taken over meanwhile: look again
        }
      }
    }
    while (true) {
      HeldSlot s = deliverable();
      if (s != null) {
        long p = s.state.nextUndelivered();
        SlotState next = s.state.deliver(p, SlotState.Consumption.LEASED);
        long expiry = wallMillis.getAsLong() + leaseMillis;
        s.markLeased(p, nowNanos, expiry);
        if (next.leaseDeadlineMillis() != 0) {
          s.state = next; // an older lease of this slot expires first: the deadline stands
        } else if (!commitLocked(s, next.withLeaseDeadline(expiry))) {
          continue; // taken over meanwhile
        }
        return new Delivery(p, s.peek(p));
      }
      if (!refill(Math.min(claimBatch, ACK_WINDOW))) {
        return null;
      }
    }
  }

  /**
   * Marks a leased message consumed.
   *
   * @throws IllegalArgumentException if the message is not leased by this consumer, also when its
   *     lease expired and another consumer took it over (that consumer delivers it again)
   */
  synchronized void ack(long position) throws IOException {
    for (HeldSlot s : held) {
      SlotState st = s.state;
      if (position >= st.from() && position < st.delivered()) {
        if (st.isConsumed(position)) {
          return;
        }
        SlotState next = st.consume(position);
        next = next.withLeaseDeadline(s.oldestExpiry(next));
        if (st.leaseDeadlineMillis() == 0) {
          s.commit(file, next);
        } else if (!commitLocked(s, next)) {
          throw passedOn(position);
        }
        s.forget(position);
        releaseDone();
        return;
      }
    }
    for (long[] r : takenOver) {
      if (position >= r[0] && position < r[1]) {
        throw passedOn(position);
      }
    }
    throw new IllegalArgumentException("message " + position + " is not leased by this consumer "
        + "of group " + group + " (already acknowledged, or handed to another consumer)");
  }

  private IllegalArgumentException passedOn(long position) {
    return new IllegalArgumentException("message " + position + " is not leased by this consumer "
        + "of group " + group + " any more: its lease expired and passed on to another consumer, "
        + "which delivers it again");
  }

  /** For each held slot whose lease deadline passed: finds out whether it was taken over. */
  private void checkTakeovers() throws IOException {
    long now = wallMillis.getAsLong();
    for (HeldSlot s : held) {
      if (s.state.leaseExpired(now)) {
        commitLocked(s, null);
      }
    }
  }

  /**
   * Under the group lock: if slot {@code s} on disk is still as this consumer last wrote it,
   * writes {@code next} (unless null) and returns true; otherwise another consumer took it over:
   * forgets its range and returns false.
   */
  @SuppressWarnings("try") // the group lock is held for the block's duration
  private boolean commitLocked(HeldSlot s, SlotState next) throws IOException {
    try (FileLock groupLock = FileLock.acquire(QueueFiles.groupLock(dir, group))) {
      SlotState onDisk = file.read(s.index);
      if (onDisk.seq() != s.state.seq()) {
        if (takenOver.size() == TAKEN_OVER_MEMORY) {
          takenOver.removeFirst();
        }
        takenOver.addLast(new long[] {s.state.from(), s.state.to()});
        s.state = onDisk;
        s.setWindow(onDisk.from(), List.of());
        return false;
      }
      if (next != null) {
        s.commit(file, next);
      }
      return true;
    }
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
      if (adoptOrphans(all) || takeOverExpired(all)) {
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
      target.commit(file, new SlotState(0, cursor, cursor, cursor + lines.size(), 0));
      target.setWindow(cursor, lines);
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
      SlotState onDisk = file.read(i);
      HeldSlot h = new HeldSlot(i, lock, onDisk.rewound());
      if (h.state.outstanding() == 0) {
        lock.close();
        continue;
      }
      try {
        h.setWindow(h.state.from(), readExactly(h.state.from(), h.state.to()));
        if (onDisk.leaseDeadlineMillis() != 0) {
          h.commit(file, h.state); // drop the dead owner's deadline: no one may take it over now
        }
      } catch (IOException | RuntimeException e) {
        lock.close();
        throw e;
      }
      held.add(h);
      adopted = true;
    }
    return adopted;
  }

  /**
   * Under the group lock: takes over one slot of a live consumer whose lease deadline passed.
   *
   * @return false when there was none
   */
  private boolean takeOverExpired(SlotState[] all) throws IOException {
    long now = wallMillis.getAsLong();
    for (int i = 0; i < all.length; i++) {
      if (isHeld(i) || all[i].outstanding() == 0 || !all[i].leaseExpired(now)) {
        continue;
      }
      SlotState old = file.read(i);
      if (old.outstanding() == 0 || !old.leaseExpired(now)) {
        continue;
      }
      List<byte[]> lines = readExactly(old.from(), old.to());
      // The target's range moves back to old's: it must not be the one slot that carries the
      // group cursor (the largest to), or the cursor would move back and messages be claimed again.
      long cursor = cursor(all);
      long atCursor = Arrays.stream(all).filter(a -> a.to() == cursor).count();
      long maxTo = atCursor > 1 ? Long.MAX_VALUE : cursor - 1;
      HeldSlot target = emptyHeldSlot(maxTo);
      if (target == null) {
        target = acquireFreeSlot(all, maxTo);
      }
      // Commit point of a takeover: the range is recorded in a slot of this consumer...
      target.commit(file, old.rewound());
      target.setWindow(old.from(), lines);
      // ...then the old owner's slot is emptied; it notices by the changed seq.
      file.write(i, SlotState.emptyAt(old.seq() + 1, old.to()));
      return true;
    }
    return false;
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
    return emptyHeldSlot(Long.MAX_VALUE);
  }

  /** A held slot with nothing outstanding whose {@code to} is at most {@code maxTo}, or null. */
  private HeldSlot emptyHeldSlot(long maxTo) {
    for (HeldSlot s : held) {
      if (s.state.outstanding() == 0 && s.state.to() <= maxTo) {
        return s;
      }
    }
    return null;
  }

  private HeldSlot acquireFreeSlot(SlotState[] all) throws IOException {
    return acquireFreeSlot(all, Long.MAX_VALUE);
  }

  /**
   * Takes the lock of a slot with nothing outstanding whose {@code to} is at most {@code maxTo},
   * or appends a new slot.
   */
  private HeldSlot acquireFreeSlot(SlotState[] all, long maxTo) throws IOException {
    for (int i = 0; i < all.length; i++) {
      if (all[i].outstanding() != 0 || isHeld(i) || all[i].to() > maxTo) {
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
}
