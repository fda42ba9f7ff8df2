package dev.linebase.log;

import dev.linebase.io.Durability;
import dev.linebase.jsonl.Records;
import java.util.Objects;

/**
 * Settings of a {@link SegmentedLog}, validated once in {@link Builder#build()}. Immutable and
 * thread-safe.
 *
 * <table>
 *   <caption>Settings and defaults</caption>
 *   <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code segmentBytes}</td><td>256 MiB</td><td>a segment is sealed and a new one
 *       started before a batch would grow it past this size (a batch larger than this gets a
 *       segment of its own)</td></tr>
 *   <tr><td>{@code durability}</td><td>{@link Durability#GROUP}</td><td>when an append is
 *       acknowledged; see {@link SegmentedLog}</td></tr>
 *   <tr><td>{@code format}</td><td>{@link LogFormat#JSONL}</td><td>JSON check of raw records
 *       and segment file extension</td></tr>
 *   <tr><td>{@code maxRecordBytes}</td><td>16 MiB</td><td>largest record content; longer
 *       records are rejected before any byte is written. Do not lower it on an existing log below
 *       its largest record: recovery treats a longer line in the active segment as damage.</td></tr>
 *   <tr><td>{@code writerMode}</td><td>{@link WriterMode#EXCLUSIVE}</td><td>one writer per
 *       directory, or many writers locking per batch</td></tr>
 * </table>
 */
public final class LogConfig {
  /** Default {@code segmentBytes}: 256 MiB. */
  public static final long DEFAULT_SEGMENT_BYTES = 256L << 20;

  private static final LogConfig DEFAULTS = builder().build();

  private final long segmentBytes;
  private final Durability durability;
  private final LogFormat format;
  private final int maxRecordBytes;
  private final WriterMode writerMode;

  private LogConfig(Builder b) {
    this.segmentBytes = b.segmentBytes;
    this.durability = b.durability;
    this.format = b.format;
    this.maxRecordBytes = b.maxRecordBytes;
    this.writerMode = b.writerMode;
  }

  /** All defaults: 256 MiB segments, {@code GROUP}, JSONL, 16 MiB records, EXCLUSIVE. */
  public static LogConfig defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    return new Builder()
        .segmentBytes(segmentBytes)
        .durability(durability)
        .format(format)
        .maxRecordBytes(maxRecordBytes)
        .writerMode(writerMode);
  }

  public long segmentBytes() {
    return segmentBytes;
  }

  public Durability durability() {
    return durability;
  }

  public LogFormat format() {
    return format;
  }

  public int maxRecordBytes() {
    return maxRecordBytes;
  }

  public WriterMode writerMode() {
    return writerMode;
  }

  @Override
  public String toString() {
    return "LogConfig{segmentBytes=" + segmentBytes + ", durability=" + durability + ", format="
        + format + ", maxRecordBytes=" + maxRecordBytes + ", writerMode=" + writerMode + "}";
  }

  /** Builds a {@link LogConfig}. Not thread-safe. */
  public static final class Builder {
    private long segmentBytes = DEFAULT_SEGMENT_BYTES;
    private Durability durability = Durability.GROUP;
    private LogFormat format = LogFormat.JSONL;
    private int maxRecordBytes = Records.DEFAULT_MAX_RECORD_BYTES;
    private WriterMode writerMode = WriterMode.EXCLUSIVE;

    private Builder() {}

    /** Segment size that triggers a roll; must be positive. */
    public Builder segmentBytes(long segmentBytes) {
      this.segmentBytes = segmentBytes;
      return this;
    }

    public Builder durability(Durability durability) {
      this.durability = Objects.requireNonNull(durability, "durability");
      return this;
    }

    public Builder format(LogFormat format) {
      this.format = Objects.requireNonNull(format, "format");
      return this;
    }

    /** Largest record content in bytes, without the line terminator; must be positive. */
    public Builder maxRecordBytes(int maxRecordBytes) {
      this.maxRecordBytes = maxRecordBytes;
      return this;
    }

    public Builder writerMode(WriterMode writerMode) {
      this.writerMode = Objects.requireNonNull(writerMode, "writerMode");
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException naming the first invalid setting and its value
     */
    public LogConfig build() {
      if (segmentBytes <= 0) {
        throw new IllegalArgumentException("segmentBytes <= 0: " + segmentBytes);
      }
      Records.requireMaxRecordBytes(maxRecordBytes);
      return new LogConfig(this);
    }
  }
}
