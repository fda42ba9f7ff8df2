package dev.linebase.io;

import java.util.Locale;

/**
 * When a writer's acknowledged data reaches stable storage. One policy is shared by every
 * Linebase writer (log, queue, store, timelog).
 *
 * <ul>
 *   <li>{@link #NONE}: bytes are handed to the OS before the call returns. They survive a crash
 *       of the process, not a power loss or kernel panic.
 *   <li>{@link Group}: group commit. A call returns (or its future completes) only after the
 *       {@code fsync} that covers it. Concurrent callers share one fsync; a group closes after
 *       {@code maxRecords} records or {@code maxDelayMillis}, whichever comes first.
 *   <li>{@link #SYNC}: {@code fsync} before each call returns.
 * </ul>
 *
 * A method never reports success for data its policy has not yet made durable.
 *
 * <p>Values are immutable and thread-safe.
 */
public sealed interface Durability permits Durability.None, Durability.Group, Durability.Sync {

  /** Written to the OS only; survives a process crash, not a power loss. */
  Durability NONE = new None();

  /** Forced to stable storage before each call returns. */
  Durability SYNC = new Sync();

  /** Default group commit: at most 1,024 records or 2 ms per fsync. */
  Group GROUP = new Group(1024, 2);

  /** Group commit with the given limits. */
  static Group group(int maxRecords, long maxDelayMillis) {
    return new Group(maxRecords, maxDelayMillis);
  }

  /** True when an acknowledged call implies an fsync covering it. */
  default boolean forces() {
    return !(this instanceof None);
  }

  /**
   * Parses {@code none}, {@code sync}, {@code group} or {@code group(maxRecords,maxDelayMillis)},
   * case-insensitively, as the CLI and config files spell it.
   */
  static Durability parse(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    switch (s) {
      case "none":
        return NONE;
      case "sync":
        return SYNC;
      case "group":
        return GROUP;
      default:
        if (s.startsWith("group(") && s.endsWith(")")) {
          String[] parts = s.substring(6, s.length() - 1).split(",");
          if (parts.length == 2) {
            try {
              return group(Integer.parseInt(parts[0].trim()), Long.parseLong(parts[1].trim()));
            } catch (NumberFormatException e) {
              // fall through to the error below
            }
          }
        }
        throw new IllegalArgumentException(
            "unknown durability '" + text + "' (expected none, group, group(N,MS) or sync)");
    }
  }

  /** See {@link Durability#NONE}. */
  record None() implements Durability {
    @Override
    public String toString() {
      return "none";
    }
  }

  /** See {@link Durability#SYNC}. */
  record Sync() implements Durability {
    @Override
    public String toString() {
      return "sync";
    }
  }

  /**
   * Group commit: one fsync covers up to {@code maxRecords} records or the records that arrived
   * within {@code maxDelayMillis} of the first one waiting.
   */
  record Group(int maxRecords, long maxDelayMillis) implements Durability {
    public Group {
      if (maxRecords <= 0) {
        throw new IllegalArgumentException("maxRecords <= 0: " + maxRecords);
      }
      if (maxDelayMillis < 0) {
        throw new IllegalArgumentException("maxDelayMillis < 0: " + maxDelayMillis);
      }
    }

    @Override
    public String toString() {
      return "group(" + maxRecords + "," + maxDelayMillis + ")";
    }
  }
}
