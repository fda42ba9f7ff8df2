package dev.linebase.queue;

import dev.linebase.jsonl.Codec;
import dev.linebase.jsonl.Json;
import dev.linebase.jsonl.Records;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What every driver shares: encoding and validating values, decoding, blocking waits and the
 * closed check. A driver implements the byte-level operations ({@link #append}, {@link
 * #claim}, {@link #lease}, {@link #acknowledge}, counts).
 *
 * <p>Blocking calls wait on an in-process signal raised by every put of this handle and re-check
 * at least every {@link #MAX_WAIT_NANOS}, so puts from other handles and processes are seen within
 * that delay. Subclasses must be thread-safe.
 */
abstract class BaseQueue<T> implements DurableQueue<T> {
  static final long MAX_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  private final Codec<T> codec;
  private final RecordCheck check;
  private final QueueConfig config;
  private final ReentrantLock signalLock = new ReentrantLock();
  private final Condition signal = signalLock.newCondition();
  private final java.util.concurrent.atomic.AtomicInteger waiters =
      new java.util.concurrent.atomic.AtomicInteger();
  private volatile boolean closed;

  /**
   * @param check what an encoded value's bytes must pass before they are written: each put is
   *     checked once, before it may join another thread's batch (a batch fails as a whole)
   */
  BaseQueue(Codec<T> codec, RecordCheck check, QueueConfig config) {
    this.codec = Objects.requireNonNull(codec, "codec");
    this.check = Objects.requireNonNull(check, "check");
    this.config = config;
  }

  /** Checks an encoded value; throws {@link IllegalArgumentException} naming what is wrong. */
  @FunctionalInterface
  interface RecordCheck {
    void check(byte[] bytes);
  }

  /** Which check a value's bytes get before they are written. */
  enum ValueCheck {
    /** One JSON value on one line, within {@code maxRecordBytes}. */
    JSON,
    /** One line within {@code maxRecordBytes}. */
    LINE
  }

  /** The codec for strings put into a queue of the given format. */
  static ValueCheck checkFor(Format format) {
    return format == Format.JSONL ? ValueCheck.JSON : ValueCheck.LINE;
  }

  /** {@code check} as a {@link RecordCheck} for records of at most {@code maxRecordBytes}. */
  static RecordCheck recordCheck(ValueCheck check, int maxRecordBytes) {
    return check == ValueCheck.JSON
        ? bytes -> Records.checkJson(bytes, 0, bytes.length, maxRecordBytes)
        : bytes -> Records.check(bytes, 0, bytes.length, maxRecordBytes);
  }

  // --- driver operations -------------------------------------------------------------------

  /** Appends already-validated records as one write, durable per policy on return. */
  abstract void append(List<byte[]> records) throws IOException;

  /** Appends one already-validated record, durable per policy on return. */
  void appendOne(byte[] record) throws IOException {
    append(List.of(record));
  }

  /** Claims and commits up to {@code maxCount} messages in auto-commit mode; empty if none. */
  abstract List<byte[]> claim(int maxCount) throws IOException;

  /** Leases one message in acknowledged mode, or null. */
  abstract Delivery lease() throws IOException;

  /** Acknowledges a leased position. */
  abstract void acknowledge(long position) throws IOException;

  abstract long endPosition() throws IOException;

  abstract long consumed(String group) throws IOException;

  abstract void closeDriver() throws IOException;

  // --- shared implementation ------------------------------------------------------------------

  final QueueConfig config() {
    return config;
  }

  @Override
  public final String group() {
    return config.group();
  }

  final byte[] encode(T value) {
    Objects.requireNonNull(value, "value");
    byte[] bytes = codec.encode(value);
    check.check(bytes);
    return bytes;
  }

  final T decode(byte[] bytes, long position) throws IOException {
    try {
      return codec.decode(bytes, 0, bytes.length);
    } catch (IOException e) {
      throw new IOException("message at position " + position + " does not decode with " + codec
          + ": " + e.getMessage(), e);
    }
  }

  @Override
  public final void put(T value) throws IOException {
    byte[] bytes = encode(value);
    ensureOpen();
    appendOne(bytes);
    wakeConsumers();
  }

  @Override
  public final void putAll(Collection<? extends T> values) throws IOException {
    List<byte[]> records = new ArrayList<>(values.size());
    for (T v : values) {
      records.add(encode(v));
    }
    ensureOpen();
    if (!records.isEmpty()) {
      append(records);
      wakeConsumers();
    }
  }

  @Override
  public final T poll() throws IOException {
    ensureOpen();
    List<byte[]> got = claim(1);
    return got.isEmpty() ? null : decode(got.get(0), -1);
  }

  @Override
  public final List<T> poll(int maxCount) throws IOException {
    if (maxCount <= 0) {
      throw new IllegalArgumentException("maxCount <= 0: " + maxCount);
    }
    ensureOpen();
    List<byte[]> got = claim(maxCount);
    List<T> out = new ArrayList<>(got.size());
    for (byte[] b : got) {
      out.add(decode(b, -1));
    }
    return out;
  }

  @Override
  public final <V> V poll(Class<V> type) throws IOException {
    if (config.format() != Format.JSONL) {
      throw new IllegalStateException("typed poll needs a jsonl queue, this one is "
          + config.format());
    }
    ensureOpen();
    List<byte[]> got = claim(1);
    if (got.isEmpty()) {
      return null;
    }
    byte[] b = got.get(0);
    return Codec.json(type).decode(b, 0, b.length);
  }

  @Override
  public final T poll(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      T v = poll();
      if (v != null) {
        return v;
      }
      if (!await(deadline)) {
        return null;
      }
    }
  }

  @Override
  public final T take() throws IOException, InterruptedException {
    while (true) {
      T v = poll();
      if (v != null) {
        return v;
      }
      await(Long.MAX_VALUE);
    }
  }

  @Override
  public final Message<T> receive() throws IOException {
    ensureOpen();
    Delivery d = lease();
    return d == null ? null : new Message<>(decode(d.bytes(), d.position()), d.position());
  }

  @Override
  public final Message<T> receive(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Message<T> m = receive();
      if (m != null) {
        return m;
      }
      if (!await(deadline)) {
        return null;
      }
    }
  }

  @Override
  public final void ack(long handle) throws IOException {
    ensureOpen();
    acknowledge(handle);
  }

  @Override
  public final boolean isEmpty() throws IOException {
    return remaining(group()) == 0;
  }

  @Override
  public final long size() throws IOException {
    ensureOpen();
    return endPosition();
  }

  @Override
  public final long remaining(String group) throws IOException {
    ensureOpen();
    long end = endPosition();
    return Math.max(0, end - consumed(QueueConfig.requireGroupName(group)));
  }

  @Override
  public final long position(String group) throws IOException {
    ensureOpen();
    return consumed(QueueConfig.requireGroupName(group));
  }

  /** Waits for a signal or a short re-check delay; false once {@code deadline} has passed. */
  private boolean await(long deadlineNanos) throws InterruptedException {
    long left = deadlineNanos == Long.MAX_VALUE ? MAX_WAIT_NANOS : deadlineNanos - System.nanoTime();
    if (left <= 0) {
      return false;
    }
    waiters.incrementAndGet();
    signalLock.lockInterruptibly();
    try {
      signal.awaitNanos(Math.min(left, MAX_WAIT_NANOS));
    } finally {
      signalLock.unlock();
      waiters.decrementAndGet();
    }
    ensureOpen();
    return true;
  }

  private void wakeConsumers() {
    if (waiters.get() > 0) {
      signalLock.lock();
      try {
        signal.signalAll();
      } finally {
        signalLock.unlock();
      }
    }
  }

  final void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("queue is closed");
    }
  }

  @Override
  public final void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    closeDriver();
  }
}
