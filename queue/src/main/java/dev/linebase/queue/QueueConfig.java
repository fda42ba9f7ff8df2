package dev.linebase.queue;

import dev.linebase.io.Durability;
import dev.linebase.jsonl.Records;
import dev.linebase.log.WriterMode;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Settings of one opened queue, shared by every driver. Immutable and thread-safe; build with
 * {@link #builder()} or use {@link #defaults()}.
 *
 * <ul>
 *   <li>{@code format}: {@link Format#JSONL} (default) or {@link Format#TXT}.
 *   <li>{@code durability}: when a {@code put} and a consumed position are durable (default
 *       {@link Durability#NONE}).
 *   <li>{@code group}: the consumer group this handle consumes as (default {@code "default"}).
 *       Names are 1 to 64 characters of {@code [A-Za-z0-9._-]}, not starting with a dot.
 *   <li>{@code claimBatch}: how many messages a consumer claims at once in auto-commit mode
 *       (default 256). Claimed messages not yet handed out stay recorded as claimed; if the
 *       consumer closes or its process dies, another consumer of the group takes them over, so a
 *       large batch costs fairness between consumers, never a message.
 *   <li>{@code leaseTimeout}: how long an unacknowledged message stays leased before it is handed
 *       out again, to any consumer of the group in any process (default 30 s).
 *   <li>{@code retention}: consumed data kept for replay (default {@link Retention#NONE}).
 *   <li>{@code segmentBytes}: size at which the file drivers roll to a new segment (default 64
 *       MiB).
 *   <li>{@code maxRecordBytes}: largest message accepted (default 16 MiB).
 *   <li>{@code writerMode} (file drivers): {@link WriterMode#SHARED} (default) lets any number of
 *       processes put, each holding the log's append lock while it appends (up to 1 ms across
 *       puts; under {@code NONE} through a memory mapping, else one write per batch); {@link
 *       WriterMode#EXCLUSIVE} makes this handle the only producer process (it takes the lock at
 *       its first put and holds it until closed; another process's put fails with an error
 *       naming the holder) and appends through a memory mapping under every policy. Consumers
 *       never need the append lock in either mode.
 * </ul>
 */
public final class QueueConfig {
  /** The group a queue consumes as when none is named. */
  public static final String DEFAULT_GROUP = "default";

  private static final Pattern GROUP_NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}");
  private static final QueueConfig DEFAULTS = builder().build();

  private final Format format;
  private final Durability durability;
  private final String group;
  private final int claimBatch;
  private final Duration leaseTimeout;
  private final Retention retention;
  private final long segmentBytes;
  private final int maxRecordBytes;
  private final WriterMode writerMode;

  private QueueConfig(Builder b) {
    this.format = b.format;
    this.durability = b.durability;
    this.group = b.group;
    this.claimBatch = b.claimBatch;
    this.leaseTimeout = b.leaseTimeout;
    this.retention = b.retention;
    this.segmentBytes = b.segmentBytes;
    this.maxRecordBytes = b.maxRecordBytes;
    this.writerMode = b.writerMode;
  }

  /** JSONL, no fsync, group {@code default}. */
  public static QueueConfig defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.format = format;
    b.durability = durability;
    b.group = group;
    b.claimBatch = claimBatch;
    b.leaseTimeout = leaseTimeout;
    b.retention = retention;
    b.segmentBytes = segmentBytes;
    b.maxRecordBytes = maxRecordBytes;
    b.writerMode = writerMode;
    return b;
  }

  /** This configuration consuming as {@code groupName}. */
  public QueueConfig withGroup(String groupName) {
    return toBuilder().group(groupName).build();
  }

  public Format format() {
    return format;
  }

  public Durability durability() {
    return durability;
  }

  public String group() {
    return group;
  }

  public int claimBatch() {
    return claimBatch;
  }

  public Duration leaseTimeout() {
    return leaseTimeout;
  }

  public Retention retention() {
    return retention;
  }

  public long segmentBytes() {
    return segmentBytes;
  }

  public int maxRecordBytes() {
    return maxRecordBytes;
  }

  public WriterMode writerMode() {
    return writerMode;
  }

  /** Validates a consumer group name and returns it. */
  public static String requireGroupName(String name) {
    if (name == null || !GROUP_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "invalid group name '" + name + "' (1-64 of [A-Za-z0-9._-], not starting with '.')");
    }
    return name;
  }

  @Override
  public String toString() {
    return "QueueConfig{format=" + format + ", durability=" + durability + ", group=" + group
        + ", claimBatch=" + claimBatch + ", leaseTimeout=" + leaseTimeout + ", retention="
        + retention + ", segmentBytes=" + segmentBytes + ", maxRecordBytes=" + maxRecordBytes
        + "}";
  }

  /** Builds a {@link QueueConfig}; every setter validates its value. Not thread-safe. */
  public static final class Builder {
    private Format format = Format.JSONL;
    private Durability durability = Durability.NONE;
    private String group = DEFAULT_GROUP;
    private int claimBatch = 256;
    private Duration leaseTimeout = Duration.ofSeconds(30);
    private Retention retention = Retention.NONE;
    private long segmentBytes = 64L << 20;
    private int maxRecordBytes = Records.DEFAULT_MAX_RECORD_BYTES;
    private WriterMode writerMode = WriterMode.SHARED;

    private Builder() {}

    public Builder writerMode(WriterMode value) {
      this.writerMode = Objects.requireNonNull(value, "writerMode");
      return this;
    }

    public Builder format(Format value) {
      this.format = Objects.requireNonNull(value, "format");
      return this;
    }

    public Builder durability(Durability value) {
      this.durability = Objects.requireNonNull(value, "durability");
      return this;
    }

    public Builder group(String value) {
      this.group = requireGroupName(value);
      return this;
    }

    public Builder claimBatch(int value) {
      if (value <= 0) {
        throw new IllegalArgumentException("claimBatch <= 0: " + value);
      }
      this.claimBatch = value;
      return this;
    }

    public Builder leaseTimeout(Duration value) {
      if (value == null || value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("leaseTimeout must be positive: " + value);
      }
      this.leaseTimeout = value;
      return this;
    }

    public Builder retention(Retention value) {
      this.retention = Objects.requireNonNull(value, "retention");
      return this;
    }

    public Builder segmentBytes(long value) {
      if (value < 4096) {
        throw new IllegalArgumentException("segmentBytes < 4096: " + value);
      }
      this.segmentBytes = value;
      return this;
    }

    public Builder maxRecordBytes(int value) {
      this.maxRecordBytes = Records.requireMaxRecordBytes(value);
      return this;
    }

    public QueueConfig build() {
      return new QueueConfig(this);
    }
  }
}
