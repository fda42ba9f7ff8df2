package dev.linebase.queue;

/**
 * The state of one consumer slot of a group (see {@link GroupFile} for how it is stored). A slot
 * covers the positions {@code [from, to)} that one consumer claimed:
 *
 * <ul>
 *   <li>{@code [from, delivered)} were handed out; position {@code from + k} is consumed when bit
 *       {@code k} of {@code ackBits} is set (auto-commit sets it at once, acknowledged mode on
 *       {@code ack}); the others are leased;
 *   <li>{@code [delivered, to)} are claimed but not handed out yet.
 * </ul>
 *
 * The owner records in {@code leaseDeadlineMillis} (wall-clock milliseconds since the epoch,
 * so that other processes can compare it with their clock) when the oldest of its leases runs
 * out, or 0 when it has no lease recorded. Once that time has passed, a consumer of another
 * process may take the slot's outstanding messages over (see {@link GroupConsumer}).
 *
 * <p>Invariants: {@code from <= delivered <= to}; bit 0 of {@code ackBits} is clear (a consumed
 * prefix is slid off by advancing {@code from}); bits exist only for {@code k < 64}, so in
 * acknowledged mode {@code delivered - from <= 64}; {@code leaseDeadlineMillis >= 0}. Immutable.
 *
 * @param seq write sequence number, {@code > 0} once written
 * @param from first position not known to be consumed
 * @param delivered first position not handed out
 * @param to end of the claimed range
 * @param ackBits consumed positions above {@code from}
 * @param leaseDeadlineMillis when the oldest lease of this slot expires (epoch millis), 0 if none
 */
record SlotState(long seq, long from, long delivered, long to, long ackBits,
    long leaseDeadlineMillis) {

  SlotState {
    if (from < 0 || from > delivered || delivered > to) {
      throw new IllegalArgumentException(
          "slot range out of order: from=" + from + " delivered=" + delivered + " to=" + to);
    }
    if (leaseDeadlineMillis < 0) {
      throw new IllegalArgumentException("leaseDeadlineMillis < 0: " + leaseDeadlineMillis);
    }
  }

  /** A state without a recorded lease deadline. */
  SlotState(long seq, long from, long delivered, long to, long ackBits) {
    this(seq, from, delivered, to, ackBits, 0);
  }

  /** An empty slot at {@code position}. */
  static SlotState emptyAt(long seq, long position) {
    return new SlotState(seq, position, position, position, 0);
  }

  /** Messages of this slot not consumed yet (leased or not handed out). */
  long outstanding() {
    return (to - from) - Long.bitCount(ackBits);
  }

  boolean isConsumed(long position) {
    long k = position - from;
    return k < 0 || (k < 64 && (ackBits & (1L << k)) != 0);
  }

  /**
   * The state after an adoption or takeover by a new owner: every leased message is handed out
   * again, and no lease is recorded.
   */
  SlotState rewound() {
    return new SlotState(seq, from, from, to, ackBits, 0);
  }

  /** Whether a lease deadline is recorded and {@code nowMillis} has reached it. */
  boolean leaseExpired(long nowMillis) {
    return leaseDeadlineMillis != 0 && nowMillis >= leaseDeadlineMillis;
  }

  /** This state with the lease deadline {@code millis} (0: none). */
  SlotState withLeaseDeadline(long millis) {
    return new SlotState(seq, from, delivered, to, ackBits, millis);
  }

  /** The first position at or after {@code delivered} that is not consumed, or {@code to}. */
  long nextUndelivered() {
    long p = delivered;
    while (p < to && isConsumed(p)) {
      p++;
    }
    return p;
  }

  /** This state with {@code position} handed out (and consumed when {@code consume}). */
  SlotState deliver(long position, Consumption consumption) {
    long d = Math.max(delivered, position + 1);
    SlotState s = new SlotState(seq, from, d, to, ackBits, leaseDeadlineMillis);
    return consumption == Consumption.CONSUMED ? s.consume(position) : s;
  }

  /** This state with {@code position} consumed; the consumed prefix is slid off. */
  SlotState consume(long position) {
    long k = position - from;
    if (k < 0 || position >= delivered) {
      throw new IllegalArgumentException("position " + position + " not handed out by slot "
          + this);
    }
    if (k >= 64) {
      throw new IllegalStateException("position " + position + " is beyond the 64-message "
          + "acknowledgement window of slot " + this);
    }
    long bits = ackBits | (1L << k);
    long f = from;
    while (f < delivered && (bits & 1L) != 0) {
      bits >>>= 1;
      f++;
    }
    return new SlotState(seq, f, delivered, to, bits, leaseDeadlineMillis);
  }

  SlotState withSeq(long newSeq) {
    return new SlotState(newSeq, from, delivered, to, ackBits, leaseDeadlineMillis);
  }

  /** Whether a message is consumed as it is handed out. */
  enum Consumption {
    CONSUMED,
    LEASED
  }
}
