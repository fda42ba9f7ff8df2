package dev.linebase.testkit;

/**
 * The child side of {@link CrashLoop}: a writer child calls {@link #ack(String)} after each
 * operation its durability policy has acknowledged, and {@link #ready()} once it is set up.
 *
 * <p>{@code System.out} flushes on every {@code println}, and {@link ChildJvm} counts only lines
 * ended by {@code \n}, so the parent never sees an acknowledgement the child did not make. This
 * class is thread-safe (each line is one {@code println}).
 */
public final class Acks {
  /** The prefix of an acknowledgement line: {@value}. */
  public static final String PREFIX = "ACK ";

  /** The line a child prints when it is ready to start writing: {@value}. */
  public static final String READY = "READY";

  private Acks() {}

  /** Prints {@code ACK <id>}; {@code id} must not contain a line break. */
  public static void ack(String id) {
    if (id.indexOf('\n') >= 0 || id.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("ack id contains a line break: " + id);
    }
    System.out.println(PREFIX + id);
  }

  /** Prints {@code READY}. */
  public static void ready() {
    System.out.println(READY);
  }

  /** True for an acknowledgement line. */
  public static boolean isAck(String line) {
    return line.startsWith(PREFIX);
  }

  /** The id of an acknowledgement line. */
  public static String id(String ackLine) {
    if (!isAck(ackLine)) {
      throw new IllegalArgumentException("not an ack line: " + ackLine);
    }
    return ackLine.substring(PREFIX.length());
  }
}
