package dev.linebase.index;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How a {@link LineIndex} is built and where its files go. Immutable and thread-safe; each
 * {@code withXxx} method returns a changed copy:
 *
 * <pre>{@code
 * LineIndexOptions options = LineIndexOptions.defaults()
 *     .withCheckpointIntervalLines(32)
 *     .withSidecarMode(SidecarMode.READ_ONLY)
 *     .withProgress((done, total) -> bar.update(done, total));
 * }</pre>
 */
public final class LineIndexOptions {
  /**
   * Default lines between checkpoints: finding a line skips at most 31 lines from its checkpoint
   * (about 1.5 KB on average for 100-byte lines; measured median random {@code readLine} about
   * 1.1-1.5 microseconds on a 1 GB file, against 1.5-1.8 with 64), while the sidecar stays at 8
   * bytes per 32 lines (0.25 % of a file of 100-byte lines, 2.9 MB for 1 GB, read and checked
   * in about 2 ms at open).
   */
  public static final int DEFAULT_CHECKPOINT_INTERVAL_LINES = 32;

  static final int DEFAULT_MAP_CHUNK_BYTES = 1 << 30;
  static final long DEFAULT_MIN_BYTES_PER_THREAD = 64L << 20;

  private static final LineIndexOptions DEFAULTS = new LineIndexOptions(
      DEFAULT_CHECKPOINT_INTERVAL_LINES, null, null, SidecarMode.AUTO_SAVE, BuildProgress.NONE, 0,
      DEFAULT_MAP_CHUNK_BYTES, DEFAULT_MIN_BYTES_PER_THREAD);

  private final int checkpointIntervalLines;
  private final Path sidecarPath;
  private final Path jobsPath;
  private final SidecarMode sidecarMode;
  private final BuildProgress progress;
  private final int buildThreads;
  private final int mapChunkBytes;
  private final long minBytesPerThread;

  private LineIndexOptions(int checkpointIntervalLines, Path sidecarPath, Path jobsPath,
      SidecarMode sidecarMode, BuildProgress progress, int buildThreads, int mapChunkBytes,
      long minBytesPerThread) {
    this.checkpointIntervalLines = checkpointIntervalLines;
    this.sidecarPath = sidecarPath;
    this.jobsPath = jobsPath;
    this.sidecarMode = sidecarMode;
    this.progress = progress;
    this.buildThreads = buildThreads;
    this.mapChunkBytes = mapChunkBytes;
    this.minBytesPerThread = minBytesPerThread;
  }

  /** Interval 32, sidecar and jobs file beside the data file, {@link SidecarMode#AUTO_SAVE}. */
  public static LineIndexOptions defaults() {
    return DEFAULTS;
  }

  /** Lines between stored offsets; smaller reads faster and makes a larger sidecar. */
  public LineIndexOptions withCheckpointIntervalLines(int lines) {
    if (lines <= 0) {
      throw new IllegalArgumentException("checkpointIntervalLines <= 0: " + lines);
    }
    return new LineIndexOptions(lines, sidecarPath, jobsPath, sidecarMode, progress, buildThreads,
        mapChunkBytes, minBytesPerThread);
  }

  /** Where the sidecar lives instead of {@code <file name>.lbidx} beside the file. */
  public LineIndexOptions withSidecarPath(Path path) {
    return new LineIndexOptions(checkpointIntervalLines, Objects.requireNonNull(path, "path"),
        jobsPath, sidecarMode, progress, buildThreads, mapChunkBytes, minBytesPerThread);
  }

  /** Where batch-job positions live instead of {@code <file name>.lbjobs} beside the file. */
  public LineIndexOptions withJobsPath(Path path) {
    return new LineIndexOptions(checkpointIntervalLines, sidecarPath,
        Objects.requireNonNull(path, "path"), sidecarMode, progress, buildThreads, mapChunkBytes,
        minBytesPerThread);
  }

  /** When the sidecar is written. */
  public LineIndexOptions withSidecarMode(SidecarMode mode) {
    return new LineIndexOptions(checkpointIntervalLines, sidecarPath, jobsPath,
        Objects.requireNonNull(mode, "mode"), progress, buildThreads, mapChunkBytes,
        minBytesPerThread);
  }

  /** Receives progress of builds and refreshes. */
  public LineIndexOptions withProgress(BuildProgress listener) {
    return new LineIndexOptions(checkpointIntervalLines, sidecarPath, jobsPath, sidecarMode,
        Objects.requireNonNull(listener, "listener"), buildThreads, mapChunkBytes,
        minBytesPerThread);
  }

  /**
   * Threads for a full build; 0 (the default) uses one per available processor, each taking at
   * least 64 MiB of the file.
   */
  public LineIndexOptions withBuildThreads(int threads) {
    if (threads < 0) {
      throw new IllegalArgumentException("buildThreads < 0: " + threads);
    }
    return new LineIndexOptions(checkpointIntervalLines, sidecarPath, jobsPath, sidecarMode,
        progress, threads, mapChunkBytes, minBytesPerThread);
  }

  /** Test hook: the size of each memory-mapped chunk of the file (1 GiB by default). */
  LineIndexOptions withMapChunkBytes(int bytes) {
    if (bytes < 8) {
      throw new IllegalArgumentException("mapChunkBytes < 8: " + bytes);
    }
    return new LineIndexOptions(checkpointIntervalLines, sidecarPath, jobsPath, sidecarMode,
        progress, buildThreads, bytes, minBytesPerThread);
  }

  /** Test hook: the least bytes a build thread takes (64 MiB by default). */
  LineIndexOptions withMinBytesPerThread(long bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("minBytesPerThread <= 0: " + bytes);
    }
    return new LineIndexOptions(checkpointIntervalLines, sidecarPath, jobsPath, sidecarMode,
        progress, buildThreads, mapChunkBytes, bytes);
  }

  public int checkpointIntervalLines() {
    return checkpointIntervalLines;
  }

  /** The sidecar path for {@code file}: the configured one or {@code <file name>.lbidx}. */
  public Path sidecarPathFor(Path file) {
    return sidecarPath != null ? sidecarPath : file.resolveSibling(file.getFileName() + ".lbidx");
  }

  /** The jobs file for {@code file}: the configured one or {@code <file name>.lbjobs}. */
  public Path jobsPathFor(Path file) {
    return jobsPath != null ? jobsPath : file.resolveSibling(file.getFileName() + ".lbjobs");
  }

  public SidecarMode sidecarMode() {
    return sidecarMode;
  }

  public BuildProgress progress() {
    return progress;
  }

  public int buildThreads() {
    return buildThreads;
  }

  int effectiveBuildThreads() {
    return buildThreads > 0 ? buildThreads : Runtime.getRuntime().availableProcessors();
  }

  int mapChunkBytes() {
    return mapChunkBytes;
  }

  long minBytesPerThread() {
    return minBytesPerThread;
  }

  @Override
  public String toString() {
    return "LineIndexOptions[checkpointIntervalLines=" + checkpointIntervalLines + ", sidecarPath="
        + sidecarPath + ", jobsPath=" + jobsPath + ", sidecarMode=" + sidecarMode
        + ", buildThreads=" + buildThreads + "]";
  }
}
