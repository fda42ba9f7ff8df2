package dev.linebase.index;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.linebase.jsonl.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Indexed access to the lines of any existing line file (JSONL, logs, CSV without quoted
 * newlines): read line {@code n} of a file of many gigabytes without reading what comes before
 * it.
 *
 * <pre>{@code
 * try (LineIndex index = LineIndex.open(Path.of("responses.jsonl"))) {
 *   long n = index.totalLines();
 *   String last = index.readLine(n - 1);
 *   Response r = index.read(n / 2, Response.class);
 *   try (Stream<String> rest = index.lines(1_000_000)) { ... }
 * }
 * }</pre>
 *
 * <p><b>Lines</b> follow DESIGN.md: 0-based; a line is the bytes up to and including {@code \n};
 * {@code \r\n} is read as a terminator, a lone {@code \r} is content; a UTF-8 BOM at byte 0 is not
 * part of line 0's content; a last line without {@code \n} counts and {@link #lastLineComplete()}
 * is false. An empty file has no lines; a file holding only {@code \n} has one empty line.
 *
 * <p><b>How it works.</b> The index stores the byte offset of every {@code
 * checkpointIntervalLines}-th line ({@link Checkpoints}); reading line {@code n} jumps to the
 * checkpoint before it and skips the remaining lines with a word-at-a-time newline scan over the
 * memory-mapped file. Opening builds the index in one parallel pass, or loads it from the
 * sidecar file ({@link SidecarFormat}) when that is fresh, or scans only the bytes appended since
 * it was written. {@link #refresh()} does the same for a file that changed while open.
 *
 * <p><b>Thread-safety.</b> This class is thread-safe. Reads take no lock: they use an immutable
 * snapshot of the index, which {@link #refresh()} (serialized with {@link #save()} and {@link
 * #close()}) replaces atomically. A read that started before a refresh completes against the
 * snapshot it started with.
 *
 * <p><b>Changes under an open index.</b> Reads return the indexed bytes; appended lines become
 * visible after {@link #refresh()}. If the file is truncated or rewritten while open, a read
 * that touches the missing or moved bytes throws {@link FileChangedException} naming the file
 * instead of returning other bytes (a rewrite that keeps every byte of the lines read is not
 * noticed until {@code refresh()}). A file deleted while open keeps serving its indexed bytes
 * (the open file stays readable on POSIX systems); {@code refresh()} then throws.
 */
public final class LineIndex implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LineIndex.class);
  private static final long AUTO_SAVE_MIN_BYTES = 64L << 20;

  private final Path path;
  private final LineIndexOptions options;
  private final Path sidecarPath;
  private final boolean openedFresh;
  private final List<FileChannel> channels = new ArrayList<>();
  private final Jobs jobs;
  private final ViewLoader loader;
  private volatile IndexView view;
  private volatile boolean closed;
  /** File size the sidecar on disk describes, or -1 if none is known to match. Guarded by this. */
  private long savedBytes;

  private LineIndex(Path path, LineIndexOptions options, FileChannel channel) throws IOException {
    this.path = path;
    this.options = options;
    this.sidecarPath = options.sidecarPathFor(path);
    this.channels.add(channel);
    this.jobs = new Jobs(this, options.jobsPathFor(path));
    this.loader = new ViewLoader(path, options, sidecarPath);
    ViewLoader.FileState state = ViewLoader.FileState.read(path, channel);
    SidecarFormat.Contents saved = loader.readSidecar();
    savedBytes = saved == null ? -1 : saved.fingerprint().length();
    IndexView v = null;
    boolean fresh = false;
    if (saved != null) {
      v = loader.fromSidecar(channel, state, saved);
      fresh = v != null && v.size() == saved.fingerprint().length();
      if (v == null) {
        savedBytes = -1;
      }
    }
    if (v == null) {
      v = loader.build(channel, state);
    }
    this.view = v;
    this.openedFresh = fresh;
    if (!fresh) {
      autoSave(savedBytes < 0);
    }
  }

  /** Opens an index over {@code file} with {@link LineIndexOptions#defaults()}. */
  public static LineIndex open(Path file) throws IOException {
    return open(file, LineIndexOptions.defaults());
  }

  /**
   * Opens an index over {@code file}: loads a fresh sidecar, extends one whose file was appended
   * to, or builds the index (calling the options' progress listener).
   *
   * @throws NoSuchFileException if the file does not exist
   */
  public static LineIndex open(Path file, LineIndexOptions options) throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    try {
      return new LineIndex(file, options, channel);
    } catch (IOException | RuntimeException | Error e) {
      channel.close();
      throw e;
    }
  }

  // ---------------------------------------------------------------- open, build, refresh

  /**
   * Brings the index up to date with the file: nothing to do if size, modification time and
   * fingerprint are as indexed; scans only the new bytes if the file grew and its indexed bytes
   * are unchanged (an unterminated last line keeps its start and simply grows); otherwise indexes
   * the file again from scratch. A file replaced by another one under the same name (a new
   * inode) is reopened.
   *
   * @throws FileChangedException if the file no longer exists
   */
  public synchronized RefreshResult refresh() throws IOException {
    IndexView v = current();
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(path, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      throw new FileChangedException(path, "deleted while open", e);
    }
    FileChannel channel = v.channel;
    if (attrs.fileKey() != null && v.fileKey != null && !attrs.fileKey().equals(v.fileKey)) {
      channel = FileChannel.open(path, StandardOpenOption.READ);
      channels.add(channel);
      view = loader.build(channel, ViewLoader.FileState.read(path, channel));
      autoSave(true);
      return RefreshResult.REBUILT;
    }
    ViewLoader.FileState state = ViewLoader.FileState.read(path, channel);
    if (v.inconsistent) {
      view = loader.build(channel, state);
      autoSave(true);
      return RefreshResult.REBUILT;
    }
    if (state.size() == v.size() && state.mtimeNanos() == v.mtimeNanos
        && (v.size() == 0 || Fingerprint.of(channel, v.size(), path).equals(v.fingerprint))) {
      return RefreshResult.UNCHANGED;
    }
    if (state.size() > v.size()
        && (v.size() == 0 || Fingerprint.of(channel, v.size(), path).equals(v.fingerprint))) {
      view = loader.extend(v, channel, state);
      autoSave(false);
      return RefreshResult.APPENDED;
    }
    view = loader.build(channel, state);
    autoSave(true);
    return RefreshResult.REBUILT;
  }

  /** Writes the sidecar now. */
  public synchronized void save() throws IOException {
    if (options.sidecarMode() == SidecarMode.READ_ONLY) {
      throw new IllegalStateException("sidecar mode is READ_ONLY; not writing " + sidecarPath);
    }
    IndexView v = current();
    SidecarFormat.write(sidecarPath, new SidecarFormat.Contents(v.mtimeNanos, v.fingerprint,
        v.lastLineComplete, v.checkpoints));
    savedBytes = v.size();
  }

  private void autoSave(boolean rebuilt) {
    if (options.sidecarMode() != SidecarMode.AUTO_SAVE) {
      return;
    }
    IndexView v = view;
    long unsaved = savedBytes < 0 ? v.size() : v.size() - savedBytes;
    if (rebuilt || savedBytes < 0
        || unsaved >= Math.max(AUTO_SAVE_MIN_BYTES, savedBytes / 8)) {
      trySave(v);
    }
  }

  private void trySave(IndexView v) {
    try {
      SidecarFormat.write(sidecarPath, new SidecarFormat.Contents(v.mtimeNanos, v.fingerprint,
          v.lastLineComplete, v.checkpoints));
      savedBytes = v.size();
    } catch (IOException | RuntimeException e) {
      LOG.warn("{}: cannot write the index sidecar (the index works without it): {}",
          sidecarPath, e.toString());
    }
  }

  // ---------------------------------------------------------------- facts

  /** The indexed file. */
  public Path path() {
    return path;
  }

  /** The sidecar file this index reads and (per {@link SidecarMode}) writes. */
  public Path sidecarPath() {
    return sidecarPath;
  }

  /** True if the sidecar was fresh at open, so no byte of the file had to be scanned. */
  public boolean openedFresh() {
    return openedFresh;
  }

  /** The options this index was opened with. */
  public LineIndexOptions options() {
    return options;
  }

  /** Number of lines, counting an unterminated last line. */
  public long totalLines() {
    return current().totalLines();
  }

  /** Bytes of the file the index covers (the size at open or at the last refresh). */
  public long fileSize() {
    return current().size();
  }

  /** False if the last line has no {@code \n} (true for an empty file). */
  public boolean lastLineComplete() {
    return current().lastLineComplete;
  }

  // ---------------------------------------------------------------- reads

  /**
   * Where line {@code n} lies in the file.
   *
   * @throws IndexOutOfBoundsException naming the line and the valid range
   */
  public LineSpan span(long n) throws IOException {
    IndexView v = current();
    v.checkLine(n);
    try {
      long start = v.lineStart(n);
      long end = v.lineEnd(n, start);
      if (end - start > Integer.MAX_VALUE) {
        throw new IOException(path + ": line " + n + " is longer than 2 GiB");
      }
      return new LineSpan(start, (int) (end - start));
    } catch (InternalError e) {
      throw v.changedWhileOpen(e);
    }
  }

  /**
   * Line {@code n}'s content bytes: without the terminator, the {@code \r} of {@code \r\n} and,
   * for line 0, a UTF-8 BOM. Works whatever the encoding.
   */
  public byte[] readBytes(long n) throws IOException {
    IndexView v = current();
    v.checkLine(n);
    try {
      long start = v.lineStart(n);
      return v.content(n, start, v.lineEnd(n, start));
    } catch (InternalError e) {
      throw v.changedWhileOpen(e);
    }
  }

  /**
   * Line {@code n} decoded as strict UTF-8, without terminator.
   *
   * @throws java.nio.charset.CharacterCodingException naming the file and line if it is not UTF-8
   * @throws IndexOutOfBoundsException naming the line and the valid range
   */
  public String readLine(long n) throws IOException {
    IndexView v = current();
    v.checkLine(n);
    try {
      long start = v.lineStart(n);
      return v.decode(n, start, v.content(n, start, v.lineEnd(n, start)));
    } catch (InternalError e) {
      throw v.changedWhileOpen(e);
    }
  }

  /** Line {@code n} parsed by Jackson ({@link Json#mapper()}) as a {@code type}. */
  public <T> T read(long n, Class<T> type) throws IOException {
    byte[] bytes = readBytes(n);
    try {
      return Json.mapper().readValue(bytes, type);
    } catch (JsonProcessingException e) {
      throw new IOException(path + ": line " + n + " is not a valid " + type.getSimpleName()
          + ": " + e.getOriginalMessage(), e);
    }
  }

  /** Line {@code n} parsed by Jackson as a tree. */
  public JsonNode readTree(long n) throws IOException {
    byte[] bytes = readBytes(n);
    try {
      return Json.mapper().readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new IOException(path + ": line " + n + " is not valid JSON: " + e.getOriginalMessage(),
          e);
    }
  }

  /**
   * The given lines, in the order asked and with duplicates repeated, read in one forward pass
   * over the file (sorted by line number, each line read once).
   */
  public List<String> readLines(long... lineNumbers) throws IOException {
    IndexView v = current();
    for (long n : lineNumbers) {
      v.checkLine(n);
    }
    Integer[] order = new Integer[lineNumbers.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Long.compare(lineNumbers[a], lineNumbers[b]));
    String[] out = new String[lineNumbers.length];
    int interval = v.checkpoints.interval();
    long knownLine = -1;
    long knownStart = -1;
    String last = null;
    try {
      for (int i = 0; i < order.length; i++) {
        long n = lineNumbers[order[i]];
        if (n == knownLine) {
          out[order[i]] = last;
          continue;
        }
        long start;
        if (knownLine >= 0 && n - knownLine < interval) {
          long nl = v.mapped.nthNewline(knownStart, v.size(), n - knownLine);
          if (nl < 0) {
            throw v.inconsistent(n);
          }
          start = nl + 1;
        } else {
          start = v.lineStart(n);
        }
        last = v.decode(n, start, v.content(n, start, v.lineEnd(n, start)));
        knownLine = n;
        knownStart = start;
        out[order[i]] = last;
      }
    } catch (InternalError e) {
      throw v.changedWhileOpen(e);
    }
    return Arrays.asList(out);
  }

  /** A cursor over lines {@code [from, totalLines())}. */
  public LineCursor cursor(long from) throws IOException {
    IndexView v = current();
    return cursor(v, from, v.totalLines());
  }

  /** A cursor over lines {@code [from, to)}. */
  public LineCursor cursor(long from, long to) throws IOException {
    return cursor(current(), from, to);
  }

  LineCursor cursor(IndexView v, long from, long to) throws IOException {
    long total = v.totalLines();
    if (from < 0 || from > to || to > total) {
      throw new IndexOutOfBoundsException("lines [" + from + ", " + to + ") out of range: " + path
          + " has " + (total == 0 ? "no lines" : "lines 0.." + (total - 1)));
    }
    return new LineCursor(this, v, from, to);
  }

  /**
   * Lines {@code [from, totalLines())} as a lazy stream; close it (try-with-resources). I/O
   * errors surface as {@link UncheckedIOException}.
   */
  public Stream<String> lines(long from) throws IOException {
    return stream(cursor(from));
  }

  /** Lines {@code [from, to)} as a lazy stream; see {@link #lines(long)}. */
  public Stream<String> lines(long from, long to) throws IOException {
    return stream(cursor(from, to));
  }

  private static Stream<String> stream(LineCursor cursor) {
    Spliterator<String> split = new Spliterators.AbstractSpliterator<String>(
        cursor.endLine() - cursor.nextLineNumber(),
        Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.SIZED) {
      @Override
      public boolean tryAdvance(Consumer<? super String> action) {
        try {
          if (!cursor.next()) {
            return false;
          }
          action.accept(cursor.line());
          return true;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    };
    return StreamSupport.stream(split, false).onClose(cursor::close);
  }

  /** The last {@code min(k, totalLines())} lines, in file order. */
  public List<String> tail(int k) throws IOException {
    if (k < 0) {
      throw new IllegalArgumentException("k < 0: " + k);
    }
    IndexView v = current();
    long total = v.totalLines();
    List<String> out = new ArrayList<>((int) Math.min(k, total));
    try (LineCursor c = cursor(v, Math.max(0, total - k), total)) {
      while (c.next()) {
        out.add(c.line());
      }
    }
    return out;
  }

  /**
   * {@code min(k, totalLines())} distinct lines chosen uniformly at random (every subset of that
   * size equally likely, Floyd's algorithm), returned in file order. The same seed over the same
   * number of lines chooses the same lines.
   */
  public List<String> sample(int k, long seed) throws IOException {
    if (k < 0) {
      throw new IllegalArgumentException("k < 0: " + k);
    }
    IndexView v = current();
    long total = v.totalLines();
    int want = (int) Math.min(k, total);
    SplittableRandom random = new SplittableRandom(seed);
    Set<Long> chosen = new HashSet<>(Math.max(16, want * 2));
    for (long j = total - want; j < total; j++) {
      long t = random.nextLong(j + 1);
      chosen.add(chosen.contains(t) ? j : t);
    }
    long[] lines = new long[want];
    int i = 0;
    for (long n : chosen) {
      lines[i++] = n;
    }
    Arrays.sort(lines);
    return readLines(lines);
  }

  // ---------------------------------------------------------------- jobs

  /**
   * The batch job {@code name}: a cursor from the line after the last one its {@link
   * BatchJob#checkpoint()} recorded (line 0 for a new job) to the current end of the file.
   *
   * @throws StaleCheckpointException if the file was rewritten (not merely appended to) since the
   *     job's last checkpoint
   */
  public BatchJob job(String name) throws IOException {
    return jobs.open(name, current());
  }

  /** Every job recorded for this file, sorted by name. */
  public List<JobStatus> jobs() throws IOException {
    return jobs.list(current());
  }

  /** Sets job {@code name} back to line 0, not completed; false if there was no such job. */
  public boolean resetJob(String name) throws IOException {
    return jobs.reset(name);
  }

  /** Forgets job {@code name}; false if there was no such job. */
  public boolean deleteJob(String name) throws IOException {
    return jobs.delete(name);
  }

  /** Where job positions are kept. */
  public Path jobsPath() {
    return jobs.path();
  }

  // ---------------------------------------------------------------- lifecycle

  IndexView current() {
    IndexView v = view;
    if (closed) {
      throw new IllegalStateException("line index of " + path + " is closed");
    }
    return v;
  }

  void checkOpen() {
    if (closed) {
      throw new IllegalStateException("line index of " + path + " is closed");
    }
  }

  /**
   * Writes the sidecar if {@link SidecarMode#AUTO_SAVE} and it is behind, then releases the
   * file. Idempotent. Cursors and streams of a closed index fail on their next read.
   */
  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    if (options.sidecarMode() == SidecarMode.AUTO_SAVE && savedBytes != view.size()) {
      trySave(view);
    }
    closed = true;
    IOException failure = null;
    for (FileChannel ch : channels) {
      try {
        ch.close();
      } catch (IOException e) {
        failure = e;
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public String toString() {
    IndexView v = view;
    return "LineIndex[" + path + ", lines=" + v.totalLines() + ", bytes=" + v.size() + "]";
  }
}
