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
 * Invariants: {@code from <= delivered <= to}; bit 0 of {@code ackBits} is clear (a consumed
 * prefix is slid off by advancing {@code from}); bits exist only for {@code k < 64}, so in
 * acknowledged mode {@code delivered - from <= 64}. Immutable.
 *
 * @param seq write sequence number, {@code > 0} once written
 * @param from first position not known to be consumed
 * @param delivered first position not handed out
 * @param to end of the claimed range
 * @param ackBits consumed positions above {@code from}
 */
record SlotState(long seq, long from, long delivered, long to, long ackBits) {

  SlotState {
    if (from < 0 || from > delivered || delivered > to) {
      throw new IllegalArgumentException(
          "slot range out of order: from=" + from + " delivered=" + delivered + " to=" + to);
    }
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

  /** The state after an adoption by a new owner: every leased message is handed out again. */
  SlotState rewound() {
    return new SlotState(seq, from, from, to, ackBits);
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
    SlotState s = new SlotState(seq, from, d, to, ackBits);
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
    return new SlotState(seq, f, delivered, to, bits);
  }

  SlotState withSeq(long newSeq) {
    return new SlotState(newSeq, from, delivered, to, ackBits);
  }

  /** Whether a message is consumed as it is handed out. */
  enum Consumption {
    CONSUMED,
    LEASED
  }
}
