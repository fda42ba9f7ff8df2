package dev.linebase.log;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.linebase.index.SidecarMode;
import dev.linebase.io.Durability;
import dev.linebase.jsonl.Json;
import dev.linebase.jsonl.Records;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * An append-only log of lines, stored as a directory of segment files, that every Linebase writer
 * builds on.
 *
 * <h2>Layout</h2>
 * Segments are named by their base line ({@link SegmentFiles}); each holds complete lines
 * ({@code content \n}), and a sealed segment holds exactly {@code nextBase - base} lines. Lines are
 * numbered 0, 1, 2, ... across the whole log. A read of line {@code n} finds its segment by
 * binary search over the bases, then the nearest sparse checkpoint (every 128 lines), so it costs
 * O(log segments) + O(128 lines).
 *
 * <h2>Writing</h2>
 * {@code append(String)} and {@code append(byte[])} check the record first: no raw {@code \n} or
 * {@code \r}, at most {@code maxRecordBytes}, no leading UTF-8 BOM (readers strip one at a file
 * start), no NUL byte, and in a {@link LogFormat#JSONL} log exactly one JSON value. {@code
 * append(Object)} serializes through the shared Jackson mapper ({@link Json#mapper()}). {@link
 * #appendAll} checks every record before writing any, then writes them with one write and covers
 * them with one force. Each returns the line number of its (first) record. A batch always lands
 * in one segment: the active segment is sealed and a new one started when a batch would grow it
 * past {@code segmentBytes}.
 *
 * <h2>Durability and visibility</h2>
 * As {@link Durability} defines: under {@code NONE} an append returns once its bytes are in the
 * OS page cache (they survive a crash of this process); under {@code SYNC} and {@code GROUP} it
 * returns, or its {@link #appendAsync} future completes, only after an fsync that covers it.
 * Concurrent appenders share fsyncs (see {@code GroupCommit}: leader/follower for blocking calls,
 * a background thread closing groups at {@code maxRecords} or {@code maxDelayMillis} for
 * asynchronous ones). The commit point is: bytes written, then forced per policy, then the
 * in-memory end published to readers. So readers of this object see a line
 *
 * <ul>
 *   <li>under {@code NONE}: when its {@code append} returns (immediately; visibility needs no
 *       flush because the bytes are already in the page cache);
 *   <li>under {@code GROUP}/{@code SYNC}: when the covering fsync ends (at most {@code
 *       maxDelayMillis} plus one fsync after an asynchronous append).
 * </ul>
 *
 * Readers in other processes ({@link #openReadOnly}) see every line whose bytes are in the page
 * cache, within one poll interval ({@link LogReader#POLL_MILLIS} ms) while they wait.
 *
 * <h2>Write path (measured choice)</h2>
 * In {@link WriterMode#EXCLUSIVE} mode the active segment is written through a memory mapping
 * ({@code MappedAppender}): an append is a lock, a word-at-a-time framing check and a memory copy
 * into the page cache, no system call. A system call per append (about 1-2 µs) cannot reach
 * millions of appends per second, and a user-space buffer written later would break what {@code
 * NONE} promises (in the OS before the call returns). {@code force} is {@code msync} of the
 * unforced range; because the mapping preallocated the file, a force does not also change its
 * length. The file is preallocated in regions of up to 64 MiB, so it ends in NUL bytes until
 * sealed or closed (then truncated); recovery cuts that NUL run after a crash, and readers stop at
 * the first NUL. Measured on the 2-core development VM: the first write to each fresh 4 KiB page
 * (a page fault in which the file system reserves the block) costs 2-9 µs, more than half of an
 * append, so a background {@code PageToucher} takes those faults a little ahead of the writer; see
 * {@code bench/results/log.md} for the figures and the command. A sealed segment is unmapped
 * before it is forced ({@code SegmentMappings}): the kernel's write-back of a still-mapped page
 * interrupts every CPU running the process. Under {@code NONE} that force runs on a background
 * thread, as Kafka flushes rolled segments, and {@link #sync()} and {@link #close()} wait for it;
 * under {@code GROUP} and {@code SYNC} the roll forces before it returns. In {@link
 * WriterMode#SHARED} mode
 * every batch is written under the directory lock, which a writer that keeps appending keeps for
 * up to 1 ms, so the lock and the re-learning of the end are paid about once per millisecond, not
 * once per batch. Under {@code NONE} the batch is copied into a mapping too ({@code
 * SharedMappedAppender}): the file is extended with NULs a little past the write only while the
 * lock is held and cut back to its last line before the lock is let go, because other writers
 * learn the end from the file's length. Under {@code GROUP} and {@code SYNC} it is one positional
 * {@code write(2)} ({@code ChannelAppender}); the fsync dominates there.
 *
 * <h2>Recovery</h2>
 * Opening for writing recovers the active (last) segment ({@code Recovery}): it keeps the longest
 * prefix of complete, NUL-free lines (valid JSON in a JSONL log) and cuts the rest, reporting the
 * bytes cut in {@link #recovery()} and through SLF4J. Damage inside a sealed segment is not
 * repaired: reading it throws {@link dev.linebase.io.CorruptFileException}.
 *
 * <h2>Retention</h2>
 * {@link #deleteBefore(long)} deletes whole sealed segments whose lines are all below the given
 * line; a reader at a deleted line gets {@link LogTruncatedException}.
 *
 * <p>This class is thread-safe: any number of threads may append and create readers; each {@link
 * LogReader} is used by one thread. {@link #close()} is idempotent.
 */
public final class SegmentedLog implements AutoCloseable {
  private static final byte[][] NO_RECORDS = new byte[0][];

  private final Path dir;
  private final LogConfig config;
  private final LogWriter writer;
  private final LogView view;
  private final DiscoveryView discovery;
  private volatile boolean closed;

  private SegmentedLog(Path dir, LogConfig config, LogWriter writer, LogView view,
      DiscoveryView discovery) {
    this.dir = dir;
    this.config = config;
    this.writer = writer;
    this.view = view;
    this.discovery = discovery;
  }

  /** Opens (creating if needed) the log in {@code dir} with {@link LogConfig#defaults()}. */
  public static SegmentedLog open(Path dir) throws IOException {
    return open(dir, LogConfig.defaults());
  }

  /**
   * Opens (creating the directory and its parents if needed) the log in {@code dir} for writing,
   * recovering its active segment.
   *
   * @throws dev.linebase.io.FileLock.LockedException if another writer holds the directory
   * @throws IllegalStateException if the directory holds segments of the other {@link LogFormat}
   */
  public static SegmentedLog open(Path dir, LogConfig config) throws IOException {
    Objects.requireNonNull(config, "config");
    Files.createDirectories(dir);
    if (config.writerMode() == WriterMode.EXCLUSIVE) {
      ExclusiveWriter w = ExclusiveWriter.open(dir, config);
      return new SegmentedLog(dir, config, w, w, null);
    }
    SharedWriter w = SharedWriter.open(dir, config);
    DiscoveryView v = new DiscoveryView(dir, config.format(), config.maxRecordBytes(),
        SidecarMode.AUTO_SAVE);
    return new SegmentedLog(dir, config, w, v, v);
  }

  /**
   * Opens the log in {@code dir} for reading only: no lock, never writes, never recovers. It sees
   * the lines another process's writer has written (complete lines only) and its new segments.
   *
   * @throws java.nio.file.NoSuchFileException if {@code dir} does not exist
   */
  public static SegmentedLog openReadOnly(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new java.nio.file.NoSuchFileException(dir.toString(), null, "no log directory");
    }
    DiscoveryView v =
        new DiscoveryView(dir, null, Records.DEFAULT_MAX_RECORD_BYTES, SidecarMode.READ_ONLY);
    v.refresh();
    LogConfig config = LogConfig.builder().format(v.format()).build();
    return new SegmentedLog(dir, config, null, v, v);
  }

  /** The log directory. */
  public Path dir() {
    return dir;
  }

  /** The configuration (for a read-only log: the detected format and defaults). */
  public LogConfig config() {
    return config;
  }

  // ---- appending ----

  /** Appends one record given as UTF-8 bytes; returns its line number. */
  public long append(byte[] record) throws IOException {
    return writer().append(check(record));
  }

  /** Appends one record given as text; returns its line number. */
  public long append(String record) throws IOException {
    return append(record.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Appends {@code value} serialized as compact JSON by the shared Jackson mapper; returns its
   * line number. (A {@code String} argument with static type {@code String} goes to {@link
   * #append(String)} and is written as is.)
   *
   * @throws IllegalArgumentException if the value is not JSON-mappable or too large
   */
  public long append(Object value) throws IOException {
    return writer().append(encode(value));
  }

  /**
   * Appends records as consecutive lines with one write and one force; returns the first one's
   * line number (or {@link #endLine()} for an empty list). If any record is invalid, nothing is
   * written.
   */
  public long appendAll(List<byte[]> records) throws IOException {
    byte[][] checked = checkAll(records);
    return writer().appendAll(List.of(checked), totalBytes(checked));
  }

  /**
   * {@link #append(byte[])} for a record that {@link #checkRecord} has accepted for this log's
   * {@link LogConfig#format()} and {@link LogConfig#maxRecordBytes()}: it is not checked again.
   * The queue checks each put before it may join another thread's batch and appends through this
   * method; checking twice cost a measurable part of a put. A record that breaks the rules (a
   * raw newline, say) would corrupt the log's line numbering, so pass only checked records.
   */
  public long appendChecked(byte[] record) throws IOException {
    return writer().append(record);
  }

  /**
   * {@link #appendAll} for records that {@link #checkRecord} has accepted for this log's format
   * and maxRecordBytes (see {@link #appendChecked}); {@code records} must not change until this
   * returns.
   */
  public long appendAllChecked(List<byte[]> records) throws IOException {
    long total = 0;
    for (byte[] r : records) {
      total += r.length + 1L;
    }
    return writer().appendAll(records, total);
  }

  /**
   * Appends one record and returns a future completing with its line number once it is durable
   * under the log's policy (at once under {@code NONE}).
   */
  public CompletableFuture<Long> appendAsync(byte[] record) throws IOException {
    byte[] r = check(record);
    return writer().appendAsync(List.of(r), r.length + 1L);
  }

  /** {@link #appendAll} whose future completes once every record is durable. */
  public CompletableFuture<Long> appendAllAsync(List<byte[]> records) throws IOException {
    byte[][] checked = checkAll(records);
    return writer().appendAsync(List.of(checked), totalBytes(checked));
  }

  private byte[][] checkAll(List<byte[]> records) {
    byte[][] checked = records.isEmpty() ? NO_RECORDS : new byte[records.size()][];
    for (int i = 0; i < checked.length; i++) {
      try {
        checked[i] = check(Objects.requireNonNull(records.get(i), "record"));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("record " + i + " of the batch: " + e.getMessage(), e);
      }
    }
    return checked;
  }

  private static long totalBytes(byte[][] records) {
    long total = 0;
    for (byte[] r : records) {
      total += r.length + 1L;
    }
    return total;
  }

  private byte[] check(byte[] record) {
    checkRecord(config.format(), config.maxRecordBytes(), record);
    return record;
  }

  /**
   * Checks {@code record} against the rules {@link #append(byte[])} applies in a log of {@code
   * format} whose records are at most {@code maxRecordBytes}, without writing it: for a caller
   * that must reject a bad record before it joins a batch of other records, and then appends it
   * with {@link #appendChecked}, so each record is checked once.
   *
   * @throws IllegalArgumentException naming the rule the record breaks
   */
  public static void checkRecord(LogFormat format, int maxRecordBytes, byte[] record) {
    if (format == LogFormat.JSONL) {
      Records.checkJson(record, 0, record.length, maxRecordBytes);
    } else {
      Records.check(record, 0, record.length, maxRecordBytes);
      int nul = Records.indexOfNul(record, 0, record.length);
      if (nul >= 0) {
        throw new IllegalArgumentException(
            "record contains a NUL byte at byte " + nul + "; readers treat NUL as unwritten");
      }
    }
    if (record.length >= 3 && (record[0] & 0xFF) == 0xEF && (record[1] & 0xFF) == 0xBB
        && (record[2] & 0xFF) == 0xBF) {
      throw new IllegalArgumentException("record starts with a UTF-8 BOM");
    }
  }

  private byte[] encode(Object value) {
    byte[] bytes;
    try {
      bytes = Json.mapper().writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "value of " + (value == null ? "null" : value.getClass().getName())
              + " is not JSON-mappable: " + e.getOriginalMessage(), e);
    }
    if (bytes.length > config.maxRecordBytes()) {
      throw new IllegalArgumentException("record of " + bytes.length
          + " bytes exceeds maxRecordBytes " + config.maxRecordBytes());
    }
    return bytes;
  }

  private LogWriter writer() {
    if (writer == null) {
      throw new IllegalStateException("log " + dir + " is open read-only");
    }
    if (closed) {
      throw new IllegalStateException("log is closed: " + dir);
    }
    return writer;
  }

  // ---- reading ----

  /**
   * A reader whose first {@code next()} returns line {@code fromLine}. {@code fromLine} may be
   * {@link #endLine()} (or beyond) to wait for lines not yet written.
   *
   * @throws LogTruncatedException if retention deleted {@code fromLine}
   */
  public LogReader reader(long fromLine) throws IOException {
    ensureOpen();
    return new LogReader(view, fromLine);
  }

  /** The first line still stored (0 until retention deletes a segment). */
  public long firstLine() throws IOException {
    ensureOpen();
    return discovery != null ? discovery.freshFirstLine() : view.firstLine();
  }

  /**
   * The line number the next append gets: for a writing log, every line below it has been
   * written (lines not yet durable included); for a read-only or shared log, one past the last
   * complete line on disk now.
   */
  public long endLine() throws IOException {
    ensureOpen();
    return writer instanceof ExclusiveWriter ? writer.endLine() : discovery.endLine();
  }

  // ---- maintenance ----

  /**
   * Deletes every sealed segment whose lines are all below {@code line} (never the active
   * segment). Readers positioned in deleted lines get {@link LogTruncatedException}.
   */
  public void deleteBefore(long line) throws IOException {
    writer().deleteBefore(line);
    if (discovery != null) {
      discovery.refresh();
    }
  }

  /** Seals the active segment now, if it holds any line, and starts a new one. */
  public void roll() throws IOException {
    writer().roll();
  }

  /** Forces everything appended so far to stable storage, whatever the policy. */
  public void sync() throws IOException {
    writer().sync();
  }

  /**
   * The number of group-commit forces (fsyncs) this log object has run since it was opened, under
   * {@code GROUP} and {@code SYNC}; divide the lines appended by it to learn how well appends
   * share fsyncs. 0 under {@code NONE} and for a read-only log.
   */
  public long groupForces() {
    return writer == null ? 0 : writer.groupForces();
  }

  /** What recovery did when this log was opened (clean for a read-only log). */
  public RecoveryReport recovery() {
    return writer == null ? RecoveryReport.clean(null, 0, 0) : writer.recovery();
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("log is closed: " + dir);
    }
  }

  /**
   * Closes the log: pending asynchronous appends are forced, the active segment's preallocated
   * tail is cut and it is forced, the lock is released. Idempotent.
   */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (writer != null) {
        writer.close();
      }
    } finally {
      if (discovery != null) {
        discovery.close();
      }
    }
  }

  @Override
  public String toString() {
    return "SegmentedLog(" + dir + ", " + config.format() + ", " + config.durability() + ")";
  }
}
