package dev.linebase.queue;

import dev.linebase.jsonl.Codec;
import dev.linebase.log.LogConfig;
import dev.linebase.log.LogFormat;
import dev.linebase.log.LogReader;
import dev.linebase.log.SegmentedLog;
import dev.linebase.log.WriterMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The jsonl and txt drivers: a queue stored in a directory, messages in a {@link SegmentedLog}
 * (one message per line) and each consumer group's positions in a {@link GroupFile}. See {@link
 * QueueFiles} for the layout and {@link GroupConsumer} for how consumers share a group.
 *
 * <p>Any number of producer and consumer processes may open the same directory. Consumers read
 * the log through a read-only view and hold a group's lock only while they claim a batch. The
 * log's writer is opened at a handle's first put (or first retention pass), in the configured
 * {@link QueueConfig#writerMode()}: {@link WriterMode#SHARED} (default; batches appended holding
 * the log's append lock, kept up to 1 ms across puts; memory-mapped under {@code NONE}) or {@link
 * WriterMode#EXCLUSIVE} (one producer process, memory-mapped appends). Each put is checked once,
 * by the log's rules, before it is appended. Under {@code GROUP} the fsyncs of concurrent
 * producers in one process are shared (group commit). A producer killed mid-write leaves a torn
 * last line (and, from a mapped writer, NUL bytes), which the next writer cuts and no reader ever
 * delivers.
 * Segments consumed by every group are deleted ({@link SegmentRetention}). A group position
 * beyond the end of the log (lines lost to a power loss under {@code NONE}) is moved back to the
 * end, with a warning, before this handle's first claim or put ({@link GroupPositionCheck}).
 *
 * <p>Opening creates the directory and its parents, writes the {@code queue.json} marker, and
 * fails with one clear message for a path that is a file, a directory that is not a queue, or a
 * queue of the other format.
 *
 * <p>This class is thread-safe.
 *
 * @param <T> the message type
 */
public final class FileQueue<T> extends BaseQueue<T> {
  private static final long RETENTION_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

  private final Path dir;
  private final LogConfig logConfig;
  private final SegmentedLog readLog;
  private final LogSource source;
  private volatile GroupConsumer consumer;
  private volatile SegmentedLog writeLog;
  private final AppendCombiner combiner =
      new AppendCombiner(this::appendBatch, this::appendSingle);
  private volatile long lastRetentionNanos;

  private FileQueue(Path dir, LogConfig logConfig, SegmentedLog readLog, LogSource source,
      Codec<T> codec, QueueConfig config) {
    // Each put is checked once, here, by the log's own rules; the log then appends it unchecked.
    super(codec, bytes -> SegmentedLog.checkRecord(logConfig.format(),
        logConfig.maxRecordBytes(), bytes), config);
    this.dir = dir;
    this.logConfig = logConfig;
    this.readLog = readLog;
    this.source = source;
    this.lastRetentionNanos = System.nanoTime();
  }

  /** Opens (creating if needed) the jsonl queue in {@code dir} with default settings. */
  public static FileQueue<String> open(Path dir) throws IOException {
    return open(dir, QueueConfig.defaults());
  }

  /**
   * Opens (creating if needed) the queue in {@code dir}; messages are strings: JSON text for
   * {@link Format#JSONL} (checked to be one JSON value), raw text for {@link Format#TXT}.
   */
  public static FileQueue<String> open(Path dir, QueueConfig config) throws IOException {
    return open(dir, config, Codec.text());
  }

  /** Opens (creating if needed) a jsonl queue whose messages are {@code type} via Jackson. */
  public static <T> FileQueue<T> open(Path dir, QueueConfig config, Class<T> type)
      throws IOException {
    if (config.format() != Format.JSONL) {
      throw new IllegalArgumentException("typed values need Format.JSONL, not " + config.format());
    }
    return open(dir, config, Codec.json(type));
  }

  /**
   * The format of the existing queue in {@code dir}, read from its marker file.
   *
   * @throws IOException if {@code dir} is not a queue, or its marker is damaged
   */
  public static Format formatOf(Path dir) throws IOException {
    return QueueMarker.read(dir);
  }

  /** Appends one JSON message to the jsonl queue in {@code dir}: a one-shot for scripts. */
  public static void put(Path dir, String json) throws IOException {
    try (FileQueue<String> q = open(dir)) {
      q.put(json);
    }
  }

  private static <T> FileQueue<T> open(Path dir, QueueConfig config, Codec<T> codec)
      throws IOException {
    QueueMarker.createOrCheck(dir, config.format());
    LogConfig lc = LogConfig.builder()
        .format(config.format() == Format.JSONL ? LogFormat.JSONL : LogFormat.TEXT)
        .durability(config.durability())
        .writerMode(config.writerMode())
        .segmentBytes(config.segmentBytes())
        .maxRecordBytes(config.maxRecordBytes())
        .build();
    Path logDir = QueueFiles.log(dir);
    Files.createDirectories(logDir);
    SegmentedLog readLog = SegmentedLog.openReadOnly(logDir);
    try {
      LogSource source = new LogSource(readLog);
      // The group exists from open on, so retention keeps what it has not consumed yet.
      GroupConsumer.ensureGroupFile(dir, config.group(), source);
      FileQueue<T> q = new FileQueue<>(dir, lc, readLog, source, codec, config);
      source.owner = q;
      return q;
    } catch (IOException | RuntimeException e) {
      readLog.close();
      throw e;
    }
  }

  /**
   * This handle's consumer, opened at first use (the group file itself is created at open).
   */
  private GroupConsumer consumer() throws IOException {
    GroupConsumer c = consumer;
    if (c == null) {
      synchronized (this) {
        c = consumer;
        if (c == null) {
          ensureOpen();
          GroupPositionCheck.clampToLogEnd(dir, config().durability(), this::endPosition);
          c = GroupConsumer.open(dir, group(), source, config());
          consumer = c;
        }
      }
    }
    return c;
  }

  /** The log's writer, opened at first use. */
  private SegmentedLog writer() throws IOException {
    SegmentedLog w = writeLog;
    if (w == null) {
      synchronized (this) {
        w = writeLog;
        if (w == null) {
          ensureOpen();
          w = SegmentedLog.open(QueueFiles.log(dir), logConfig);
          try {
            // Before the first append: positions beyond a log that lost lines would skip them.
            GroupPositionCheck.clampToLogEnd(dir, config().durability(), w::endLine);
          } catch (IOException | RuntimeException e) {
            w.close();
            throw e;
          }
          writeLog = w;
        }
      }
    }
    return w;
  }

  /** The log to read and count through: the writer's own view once it is open. */
  private SegmentedLog view() {
    SegmentedLog w = writeLog;
    return w != null ? w : readLog;
  }

  /** The queue directory. */
  public Path dir() {
    return dir;
  }

  @Override
  void appendOne(byte[] record) throws IOException {
    if (!config().durability().forces()) {
      combiner.append(record);
    } else {
      appendSingle(record);
    }
    maybeApplyRetention(false);
  }

  @Override
  void append(List<byte[]> records) throws IOException {
    if (records.size() == 1 && !config().durability().forces()) {
      // Records were checked one by one, so a combined batch cannot fail for another's record.
      // Under GROUP/SYNC the log's group commit already shares fsyncs, and lets the next records
      // be written while one fsync runs, which combining (one batch at a time) would not.
      combiner.append(records.get(0));
    } else {
      appendBatch(records);
    }
    maybeApplyRetention(false);
  }

  private void appendBatch(List<byte[]> records) throws IOException {
    if (records.size() == 1) {
      appendSingle(records.get(0));
    } else {
      // Commit point: the log's append (bytes written, then forced per policy). Every record
      // passed the log's rules in encode().
      writer().appendAllChecked(records);
    }
  }

  private void appendSingle(byte[] record) throws IOException {
    writer().appendChecked(record);
  }

  @Override
  List<byte[]> claim(int maxCount) throws IOException {
    List<byte[]> got = consumer().claimAuto(maxCount);
    maybeApplyRetention(got.isEmpty());
    return got;
  }

  @Override
  Delivery lease() throws IOException {
    Delivery d = consumer().lease();
    maybeApplyRetention(d == null);
    return d;
  }

  @Override
  void acknowledge(long position) throws IOException {
    consumer().ack(position);
  }

  private void maybeApplyRetention(boolean drained) throws IOException {
    long now = System.nanoTime();
    if (!drained && now - lastRetentionNanos < RETENTION_EVERY_NANOS) {
      return; // the common case of a put, without taking the monitor
    }
    synchronized (this) {
      if (!drained && now - lastRetentionNanos < RETENTION_EVERY_NANOS) {
        return;
      }
      if (drained && now - lastRetentionNanos < RETENTION_EVERY_NANOS / 10) {
        return;
      }
      lastRetentionNanos = now;
    }
    applyRetention();
  }

  /** Deletes segments every group has consumed (beyond what retention keeps) now. */
  public void applyRetention() throws IOException {
    ensureOpen();
    SegmentRetention.apply(dir, writer(), config().retention());
  }

  @Override
  long endPosition() throws IOException {
    return view().endLine();
  }

  @Override
  long consumed(String group) throws IOException {
    GroupConsumer c = consumer;
    if (c != null && group.equals(group())) {
      return GroupConsumer.consumed(c.slots());
    }
    Path p = QueueFiles.groupFile(dir, group);
    if (!GroupFile.exists(p)) {
      return view().firstLine();
    }
    try (GroupFile g = GroupFile.openReadOnly(p)) {
      return GroupConsumer.consumed(g.readAll());
    }
  }

  /** The groups that have consumed from this queue (those with a position file). */
  public List<String> groups() throws IOException {
    ensureOpen();
    return QueueInfo.groups(dir);
  }

  @Override
  void closeDriver() throws IOException {
    try {
      GroupConsumer c = consumer;
      if (c != null) {
        c.close();
      }
    } finally {
      try {
        source.close();
      } finally {
        try {
          readLog.close();
        } finally {
          SegmentedLog w = writeLog;
          if (w != null) {
            w.close();
          }
        }
      }
    }
  }

  @Override
  public String toString() {
    return "FileQueue[" + dir + ", " + config().format() + ", group=" + group() + "]";
  }

  /** Reads messages from the log, keeping one reader positioned where the last read ended. */
  private static final class LogSource implements LineSource, AutoCloseable {
    private final SegmentedLog readLog;
    private FileQueue<?> owner;
    private LogReader reader;
    private SegmentedLog readerLog;

    LogSource(SegmentedLog readLog) {
      this.readLog = readLog;
    }

    private SegmentedLog log() {
      return owner == null ? readLog : owner.view();
    }

    @Override
    public synchronized List<byte[]> read(long position, int maxCount) throws IOException {
      try {
        return readFrom(position, maxCount);
      } catch (java.nio.channels.ClosedChannelException e) {
        // Retention deleted the segment this reader had finished (it was positioned at the end
        // of it): start a fresh reader at the position, which is in a live segment.
        reader = null;
        return readFrom(position, maxCount);
      }
    }

    private List<byte[]> readFrom(long position, int maxCount) throws IOException {
      SegmentedLog log = log();
      if (reader == null || readerLog != log || reader.nextLineNumber() != position) {
        if (reader != null) {
          reader.close();
        }
        reader = log.reader(position);
        readerLog = log;
      }
      List<byte[]> out = new ArrayList<>(Math.min(maxCount, 1024));
      while (out.size() < maxCount && reader.next()) {
        out.add(reader.bytes());
      }
      return out;
    }

    @Override
    public long firstPosition() throws IOException {
      return log().firstLine();
    }

    @Override
    public synchronized void close() {
      if (reader != null) {
        reader.close();
      }
    }
  }
}
