package dev.linebase.store;

/**
 * When a mutating call returns relative to the write of its op. Whether a written op is also
 * forced to stable storage is the separate {@link dev.linebase.io.Durability} policy (default
 * {@code SYNC}: forced).
 */
public enum WriteMode {
  /**
   * Each call writes its op (and forces it when the policy forces) before returning; calls are
   * serialized. If the write fails the call throws and memory is rolled back.
   */
  IMMEDIATE,
  /**
   * Group commit: calls from many threads share one write and one fsync; each call returns only
   * after the write (and fsync, when the policy forces) that covers its op. A single thread
   * writing sequentially pays one {@code write} per call (nothing to share it with; under a policy
   * that does not force, a call that finds no group in progress writes its op itself, as
   * IMMEDIATE does);
   * {@link Store#setAsync} lets one thread keep many ops in flight, completing a future per op.
   * If a group write fails the store fails: every later call throws until it is reopened.
   */
  GROUP,
  /**
   * Returns at once, before anything is written. Ops are written (and forced per policy) at the
   * next flush: when {@code groupSize} ops are pending, every {@code groupWindowMillis}, on
   * {@link Store#flush()}, on a checkpoint and on close. A crash of the process loses the ops not
   * yet flushed: an acknowledged write is <b>not</b> durable in this mode until {@code flush()}
   * returns.
   */
  ASYNC
}
