package dev.linebase.queue;

/**
 * One message as a driver hands it out: its position in the queue and its line content.
 *
 * @param position 0-based position of the message in the queue
 * @param bytes the line content, without terminator
 */
record Delivery(long position, byte[] bytes) {}
