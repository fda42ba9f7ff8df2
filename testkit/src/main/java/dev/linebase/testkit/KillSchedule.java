package dev.linebase.testkit;

import java.util.Random;

/**
 * When {@link CrashLoop} kills its writer child: after a number of acknowledgements or after a
 * delay counted from the first acknowledgement (so JVM start-up time does not matter), each drawn
 * uniformly from an inclusive range with the round's {@link Random}. Values are immutable and
 * thread-safe.
 */
public sealed interface KillSchedule permits KillSchedule.AfterAcks, KillSchedule.AfterDelay {

  /** Kill once between {@code minAcks} and {@code maxAcks} acknowledgements were printed. */
  static KillSchedule afterAcks(int minAcks, int maxAcks) {
    return new AfterAcks(minAcks, maxAcks);
  }

  /** Kill between {@code minMillis} and {@code maxMillis} after the first acknowledgement. */
  static KillSchedule afterMillis(long minMillis, long maxMillis) {
    return new AfterDelay(minMillis, maxMillis);
  }

  /** Draws this round's moment: an ack count or a delay in milliseconds. */
  long draw(Random random);

  /** See {@link #afterAcks(int, int)}. */
  record AfterAcks(int minAcks, int maxAcks) implements KillSchedule {
    public AfterAcks {
      if (minAcks < 1 || maxAcks < minAcks) {
        throw new IllegalArgumentException(
            "need 1 <= minAcks <= maxAcks: minAcks " + minAcks + ", maxAcks " + maxAcks);
      }
    }

    @Override
    public long draw(Random random) {
      return minAcks + random.nextInt(maxAcks - minAcks + 1);
    }
  }

  /** See {@link #afterMillis(long, long)}. */
  record AfterDelay(long minMillis, long maxMillis) implements KillSchedule {
    public AfterDelay {
      if (minMillis < 0 || maxMillis < minMillis) {
        throw new IllegalArgumentException(
            "need 0 <= minMillis <= maxMillis: minMillis " + minMillis + ", maxMillis "
                + maxMillis);
      }
    }

    @Override
    public long draw(Random random) {
      return minMillis + (long) (random.nextDouble() * (maxMillis - minMillis + 1));
    }
  }
}
