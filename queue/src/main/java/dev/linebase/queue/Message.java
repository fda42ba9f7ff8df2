package dev.linebase.queue;

/**
 * A message received in acknowledged mode ({@link DurableQueue#receive()}): its value and the
 * handle to pass to {@link DurableQueue#ack(long)}. The handle is the message's 0-based position
 * in the queue (the number of messages put before it), so it is stable across redeliveries.
 *
 * @param value the message
 * @param handle the message's position in the queue
 * @param <T> the value type
 */
public record Message<T>(T value, long handle) {}
