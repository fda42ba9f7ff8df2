package dev.linebase.testkit;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Runs a writer in a child JVM and kills it with {@code kill -9} at a seeded random moment, round
 * after round, returning what each round acknowledged. The writer is any main class that prints
 * {@code ACK <id>} ({@link Acks#ack(String)}) after each operation its durability policy made
 * durable; acknowledgement ids are plain strings, so logs, queues, stores and time logs all use
 * the same loop. The caller then reopens the data and checks that every acknowledged id is there.
 *
 * <pre>{@code
 * Random random = Seeds.random("appendSurvivesKill");
 * CrashLoop loop = CrashLoop.of(AppendingWriter.class, KillSchedule.afterAcks(1, 500))
 *     .withArgs(round -> List.of(dir.toString(), "sync", "round" + round));
 * for (int i = 0; i < 10; i++) {
 *   CrashLoop.Round round = loop.runRound(i, random);
 *   assertThat(readAll(dir)).containsAll(round.acked());
 * }
 * }</pre>
 *
 * <p>A round ends {@link End#KILLED} or, when the writer finished before its moment came,
 * {@link End#EXITED} with exit code 0; a writer that exits with another code, or prints no
 * acknowledgement before the timeout, fails the round with an {@link AssertionError} carrying its
 * output. Instances are immutable and thread-safe; {@code with...} methods return copies.
 */
public final class CrashLoop {
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  private final Class<?> writerMain;
  private final KillSchedule schedule;
  private final IntFunction<List<String>> argsForRound;
  private final List<String> jvmOptions;
  private final Duration timeout;

  private CrashLoop(
      Class<?> writerMain, KillSchedule schedule, IntFunction<List<String>> argsForRound,
      List<String> jvmOptions, Duration timeout) {
    this.writerMain = writerMain;
    this.schedule = schedule;
    this.argsForRound = argsForRound;
    this.jvmOptions = List.copyOf(jvmOptions);
    this.timeout = timeout;
  }

  /** A loop running {@code writerMain} (no arguments) and killing it per {@code schedule}. */
  public static CrashLoop of(Class<?> writerMain, KillSchedule schedule) {
    return new CrashLoop(writerMain, schedule, round -> List.of(), List.of(), DEFAULT_TIMEOUT);
  }

  /** The same loop passing {@code args} to the writer in every round. */
  public CrashLoop withArgs(String... args) {
    List<String> fixed = List.of(args);
    return withArgs(round -> fixed);
  }

  /** The same loop passing {@code argsForRound.apply(roundIndex)} to the writer. */
  public CrashLoop withArgs(IntFunction<List<String>> argsForRound) {
    return new CrashLoop(writerMain, schedule, argsForRound, jvmOptions, timeout);
  }

  /** The same loop with extra options for the child JVM. */
  public CrashLoop withJvmOptions(String... options) {
    return new CrashLoop(writerMain, schedule, argsForRound, List.of(options), timeout);
  }

  /** The same loop with a different per-round deadline (default 60 s). */
  public CrashLoop withTimeout(Duration roundTimeout) {
    if (roundTimeout.isNegative() || roundTimeout.isZero()) {
      throw new IllegalArgumentException("roundTimeout <= 0: " + roundTimeout);
    }
    return new CrashLoop(writerMain, schedule, argsForRound, jvmOptions, roundTimeout);
  }

  /**
   * Runs one round: starts the writer, waits for the moment drawn from {@code random}, kills the
   * writer if it is still running and returns every acknowledgement it printed, in order.
   */
  public Round runRound(int index, Random random) throws IOException {
    long drawn = schedule.draw(random);
    List<String> args = argsForRound.apply(index);
    try (ChildJvm child = ChildJvm.start(jvmOptions, writerMain, args.toArray(new String[0]))) {
      boolean reached;
      if (schedule instanceof KillSchedule.AfterAcks) {
        reached = child.tryAwaitMatch(Acks::isAck, (int) drawn, timeout).isPresent();
      } else {
        reached = child.tryAwaitMatch(Acks::isAck, 1, timeout).isPresent();
        if (reached) {
          waitQuietly(child, Duration.ofMillis(drawn));
        }
      }
      End end;
      int exitCode;
      if (reached && child.isAlive()) {
        exitCode = child.kill();
        end = End.KILLED;
      } else {
        exitCode = child.waitFor(timeout);
        end = End.EXITED;
        if (exitCode != 0) {
          throw new AssertionError(
              "round " + index + ": writer failed with exit code " + exitCode + ": "
                  + child.describe());
        }
      }
      List<String> acked = new ArrayList<>();
      for (String line : child.lines()) {
        if (Acks.isAck(line)) {
          acked.add(Acks.id(line));
        }
      }
      return new Round(index, end, drawn, exitCode, List.copyOf(acked), child.describe());
    }
  }

  /** Waits up to {@code delay}, returning early if the child exits. */
  private static void waitQuietly(ChildJvm child, Duration delay) {
    try {
      child.process().waitFor(delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting to kill the writer", e);
    }
  }

  /** How a round ended. */
  public enum End {
    /** Killed with SIGKILL at the drawn moment. */
    KILLED,
    /** The writer finished (exit code 0) before the drawn moment. */
    EXITED
  }

  /**
   * The result of one round.
   *
   * @param index the round number passed to {@link #runRound}
   * @param end whether the writer was killed or finished
   * @param drawn the drawn moment: an ack count or milliseconds after the first ack
   * @param exitCode the writer's exit code (137 or similar when killed)
   * @param acked the ids the writer acknowledged, in the order printed
   * @param output the writer's stdout and stderr, for failure messages
   */
  public record Round(
      int index, End end, long drawn, int exitCode, List<String> acked, String output) {

    /** Whether the writer was killed (not finished). */
    public boolean killed() {
      return end == End.KILLED;
    }

    @Override
    public String toString() {
      return "round " + index + " (" + end + " at " + drawn + ", " + acked.size() + " acked)";
    }
  }
}
