package dev.linebase.timelog;

/**
 * Called when maintenance physically removes a record hidden by a tombstone (the record was
 * already invisible to reads). Runs on the maintenance thread (or the thread calling
 * {@link Timelog#flush()} / {@link Timelog#compact()}); it must be quick and must not call back
 * into the timelog's write methods.
 *
 * @param <V> the value type
 */
@FunctionalInterface
public interface DropListener<V> {
  /** A listener that does nothing. */
  static <V> DropListener<V> none() {
    return (timestamp, value) -> {};
  }

  void dropped(long timestamp, V value);
}
