/**
 * Durable FIFO queues shared by threads and processes on one host: the {@link
 * dev.linebase.queue.DurableQueue} contract, the jsonl/txt driver {@link
 * dev.linebase.queue.FileQueue} (messages in a segmented log, per-group positions in checksummed
 * ping-pong slot files, consumed segments deleted) and the sqlite driver {@link
 * dev.linebase.queue.SqliteQueue}, with auto-commit (at-most-once) and acknowledged
 * (at-least-once) delivery, consumer groups, retention, and the importer for channels of the
 * Python {@code pistributer} library.
 */
package dev.linebase.queue;
