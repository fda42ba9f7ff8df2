package dev.linebase.queue;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A durable FIFO queue that any number of producer and consumer threads and processes on one host
 * share. Implemented by {@link FileQueue} (jsonl and txt drivers on a segmented log) and {@link
 * SqliteQueue} (one sqlite database file).
 *
 * <p><b>Producing.</b> {@link #put} and {@link #putAll} return only once the message is stored
 * as the queue's {@link dev.linebase.io.Durability} policy promises ({@code putAll} is one write
 * and one fsync). Messages are delivered in the order they were put; messages put by one thread
 * keep their order.
 *
 * <p><b>Consuming</b> happens as one <em>consumer group</em> (the handle's {@link #group()}).
 * Every group sees every message; within a group, each message goes to one consumer. Two delivery
 * modes, chosen per call:
 *
 * <ul>
 *   <li><b>auto-commit</b> ({@link #poll()}, {@link #take()}, {@link #next()}, {@link
 *       #poll(int)}): at-most-once. The group's position is persisted (per the durability policy)
 *       before the message is returned, so a message is never returned twice, even across
 *       crashes; a consumer that dies after the return loses that message.
 *   <li><b>acknowledged</b> ({@link #receive()} then {@link #ack(long)}): at-least-once. A received
 *       message is leased to this handle; if it is not acknowledged within the lease timeout it is
 *       handed out again, to any consumer of the group in any process (the handle that let the
 *       lease expire can no longer acknowledge it), and if the handle is closed or its process
 *       dies, another consumer of the group receives it again.
 * </ul>
 *
 * <p><b>Counting.</b> Positions count messages from the creation of the queue: {@link #size()}
 * is the number of messages ever put (the end position), {@link #position(String)} the number
 * the group has consumed (auto-committed or acknowledged; what pistributer called the index) and
 * {@link #remaining(String)} the rest ({@code size() - position(group)}, including messages
 * leased but not yet acknowledged). None of them has side effects.
 *
 * <p>Implementations are thread-safe. Every method throws {@link IllegalStateException} after
 * {@link #close()}, which is idempotent.
 *
 * @param <T> the message type
 */
public interface DurableQueue<T> extends AutoCloseable {

  /** Appends one message. */
  void put(T value) throws IOException;

  /** Appends messages in order as one write (one fsync when the policy forces). */
  void putAll(Collection<? extends T> values) throws IOException;

  /** Takes the next message (auto-commit), or null when none is available. */
  T poll() throws IOException;

  /** Takes the next message, waiting up to {@code timeout}; null if none arrived. */
  T poll(Duration timeout) throws IOException, InterruptedException;

  /** Takes the next message, waiting as long as it takes. */
  T take() throws IOException, InterruptedException;

  /** Takes up to {@code maxCount} available messages (auto-commit); empty when none. */
  List<T> poll(int maxCount) throws IOException;

  /**
   * Takes the next message decoded as {@code type} through Jackson (jsonl format only).
   *
   * @throws IllegalStateException if the queue's format is not {@link Format#JSONL}
   */
  <V> V poll(Class<V> type) throws IOException;

  /**
   * Takes the next message.
   *
   * @throws NoSuchElementException when none is available
   */
  default T next() throws IOException {
    T value = poll();
    if (value == null) {
      throw new NoSuchElementException("queue is empty for group " + group());
    }
    return value;
  }

  /** Receives the next message in acknowledged mode, or null when none is available. */
  Message<T> receive() throws IOException;

  /** Receives in acknowledged mode, waiting up to {@code timeout}; null if none arrived. */
  Message<T> receive(Duration timeout) throws IOException, InterruptedException;

  /**
   * Acknowledges a message this handle received; it will not be delivered to the group again.
   *
   * @throws IllegalArgumentException if {@code handle} is not leased by this queue handle (also
   *     when its lease expired and passed on to another consumer)
   */
  void ack(long handle) throws IOException;

  /** True when the group has nothing left to consume ({@code remaining(group()) == 0}). */
  boolean isEmpty() throws IOException;

  /** Number of messages ever put into the queue (the end position). */
  long size() throws IOException;

  /** Messages {@code group} has not consumed yet, including leased unacknowledged ones. */
  long remaining(String group) throws IOException;

  /** Messages {@code group} has consumed, counted from the creation of the queue. */
  long position(String group) throws IOException;

  /** The consumer group this handle consumes as. */
  String group();

  /** Releases files and locks; messages claimed but not returned go back to the group. */
  @Override
  void close() throws IOException;
}
