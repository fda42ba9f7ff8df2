package dev.linebase.store;

/**
 * The mutations of one {@link Store#batch} call. They apply to memory at once (so a later call in
 * the same batch sees an earlier one) and are appended to the WAL together, in one write, when the
 * batch function returns. Valid only during that call; not thread-safe.
 *
 * @param <T> the record type
 */
public interface Batch<T> {
  void set(String id, T value);

  /** @throws IllegalArgumentException if there is no record with that id */
  void delete(String id);
}
