package dev.linebase.index;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes {@link IndexView}s for one {@link LineIndex}: from a sidecar that matches the file (or a
 * prefix of it, then extended by the appended bytes), by a full build, or by extending a view
 * whose file grew. The decision rules are in {@link LineIndex#refresh()} and {@link
 * LineIndex#open(Path, LineIndexOptions)}.
 *
 * <p>Stateless apart from its configuration; thread-safe.
 */
final class ViewLoader {
  private static final Logger LOG = LoggerFactory.getLogger(ViewLoader.class);
  private static final int READ_BUFFER_BYTES = 1 << 20;

  private final Path path;
  private final LineIndexOptions options;
  private final Path sidecarPath;

  ViewLoader(Path path, LineIndexOptions options, Path sidecarPath) {
    this.path = path;
    this.options = options;
    this.sidecarPath = sidecarPath;
  }

  /** Size, modification time and identity of the file, read in an order safe against appends. */
  record FileState(long size, long mtimeNanos, Object fileKey) {
    static FileState read(Path path, FileChannel channel) throws IOException {
      // The time first: an append between the two reads leaves a newer size with an older time,
      // which the next refresh sees as a change, never a stale index that looks fresh.
      BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class);
      long size = channel.size();
      return new FileState(size, attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS), attrs.fileKey());
    }
  }

  /** The sidecar if it is readable, intact and of the configured interval, else null. */
  SidecarFormat.Contents readSidecar() {
    try {
      SidecarFormat.Contents c = SidecarFormat.read(sidecarPath);
      if (c.checkpoints().interval() != options.checkpointIntervalLines()) {
        LOG.debug("{}: interval {} differs from {}; rebuilding", sidecarPath,
            c.checkpoints().interval(), options.checkpointIntervalLines());
        return null;
      }
      return c;
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException | RuntimeException e) {
      LOG.debug("{}: unusable sidecar, rebuilding: {}", sidecarPath, e.toString());
      return null;
    }
  }

  /** A view from the sidecar if it describes this file (or a prefix of it), else null. */
  IndexView fromSidecar(FileChannel channel, FileState state, SidecarFormat.Contents saved)
      throws IOException {
    Fingerprint fp = saved.fingerprint();
    long savedSize = fp.length();
    if (savedSize > state.size()) {
      return null;
    }
    if (savedSize == state.size() && saved.mtimeNanos() != state.mtimeNanos()) {
      return null;
    }
    if (!Fingerprint.of(channel, savedSize, path).equals(fp)) {
      return null;
    }
    MappedFile mapped = MappedFile.map(channel, savedSize, options.mapChunkBytes());
    IndexView old = new IndexView(path, channel, state.fileKey(), saved.mtimeNanos(), fp,
        saved.checkpoints(), mapped);
    if (old.lastLineComplete != saved.lastLineComplete() || !old.plausible()) {
      LOG.debug("{}: sidecar does not fit {}; rebuilding", sidecarPath, path);
      return null;
    }
    if (savedSize == state.size()) {
      return old;
    }
    return extend(old, channel, state);
  }

  private IndexBuilder.Source source(FileChannel channel, long size) {
    return new IndexBuilder.Source(channel, path, size,
        Math.min(options.mapChunkBytes(), READ_BUFFER_BYTES));
  }

  /** Indexes the whole file. */
  IndexView build(FileChannel channel, FileState state) throws IOException {
    Fingerprint fp = Fingerprint.of(channel, state.size(), path);
    Checkpoints cps = IndexBuilder.build(source(channel, state.size()),
        options.checkpointIntervalLines(), options.effectiveBuildThreads(),
        options.minBytesPerThread(), options.progress());
    MappedFile mapped = MappedFile.map(channel, state.size(), options.mapChunkBytes());
    return newView(channel, state, fp, cps, mapped);
  }

  /** Indexes the bytes appended after {@code old}, whose bytes must be unchanged. */
  IndexView extend(IndexView old, FileChannel channel, FileState state) throws IOException {
    Fingerprint fp = Fingerprint.of(channel, state.size(), path);
    Checkpoints cps = IndexBuilder.extend(old.checkpoints, old.size(),
        source(channel, state.size()), options.progress());
    MappedFile mapped = old.mapped.extendTo(channel, state.size());
    return newView(channel, state, fp, cps, mapped);
  }

  private IndexView newView(FileChannel channel, FileState state, Fingerprint fp, Checkpoints cps,
      MappedFile mapped) throws FileChangedException {
    try {
      return new IndexView(path, channel, state.fileKey(), state.mtimeNanos(), fp, cps, mapped);
    } catch (InternalError e) {
      throw new FileChangedException(path, "truncated while being indexed", e);
    }
  }
}
