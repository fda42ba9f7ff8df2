package dev.linebase.store;

import dev.linebase.io.AtomicFiles;
import dev.linebase.io.Durability;
import dev.linebase.io.FileLock;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link StoreBackend} that keeps every file in memory: a map from normalized path to file
 * contents. It proves the interface admits backends other than the file system and makes store
 * tests independent of the disk. Nothing is durable: the contents live as long as this object.
 *
 * <p>Semantics follow a POSIX file system where the store relies on them: {@link #replace} swaps
 * in a new file object, so a channel opened before keeps reading the old contents (as an open
 * file keeps its inode); {@link #deleteIfExists} unlinks the name only. The locks are in-process
 * sets (a second holder of the same directory fails). Thread-safe: the map is concurrent and each
 * file's bytes are guarded by the file object's monitor.
 */
final class InMemoryBackend implements StoreBackend {
  /** An operation on WAL files ({@code ops-*} and {@code agent-*}) made to fail, for fault tests. */
  enum WalFault { NONE, WRITE, FORCE }

  private volatile WalFault walFault = WalFault.NONE;
  private final Map<Path, MemFile> files = new ConcurrentHashMap<>();
  private final Set<Path> storeLocks = ConcurrentHashMap.newKeySet();
  private final Set<Path> compactionLocks = ConcurrentHashMap.newKeySet();
  private final AtomicLong generations = new AtomicLong();

  private static Path key(Path p) {
    return p.toAbsolutePath().normalize();
  }

  private MemFile existing(Path file) throws NoSuchFileException {
    MemFile f = files.get(key(file));
    if (f == null) {
      throw new NoSuchFileException(file.toString());
    }
    return f;
  }

  /** From now on, {@code fault} fails with an IOException on every WAL channel opened for writing. */
  void failWal(WalFault fault) {
    walFault = fault;
  }

  private volatile Runnable beforeWalWrite;

  /**
   * From now on, runs {@code hook} on the writing thread before every write to a WAL channel
   * opened for writing (null: none), e.g. to see which thread writes or to hold a write.
   */
  void beforeWalWrite(Runnable hook) {
    beforeWalWrite = hook;
  }

  private static boolean isWal(Path file) {
    String name = file.getFileName().toString();
    return name.startsWith("ops-") || name.startsWith("agent-");
  }

  /** The names of every file under {@code dir}, for assertions. */
  List<Path> paths() {
    return new ArrayList<>(files.keySet());
  }

  @Override
  public byte[] readAll(Path file) throws IOException {
    return existing(file).snapshot();
  }

  @Override
  public void replace(Path file, AtomicFiles.Body body, Durability durability) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    body.writeTo(out);
    MemFile f = new MemFile(generations.incrementAndGet());
    f.write(ByteBuffer.wrap(out.toByteArray()), 0);
    files.put(key(file), f);
  }

  @Override
  public FileChannel openRead(Path file) throws IOException {
    return new MemChannel(existing(file));
  }

  @Override
  public FileChannel create(Path file, Durability durability) throws IOException {
    MemFile f = new MemFile(generations.incrementAndGet());
    if (files.putIfAbsent(key(file), f) != null) {
      throw new FileAlreadyExistsException(file.toString());
    }
    return new MemChannel(f, isWal(file) ? this : null);
  }

  @Override
  public FileChannel openWrite(Path file) throws IOException {
    return new MemChannel(existing(file), isWal(file) ? this : null);
  }

  @Override
  public boolean exists(Path file) {
    return files.containsKey(key(file));
  }

  @Override
  public void createDirectories(Path dir) {
    // directories are implied by the paths of their files
  }

  @Override
  public List<String> list(Path dir) {
    Path d = key(dir);
    List<String> names = new ArrayList<>();
    for (Path p : files.keySet()) {
      if (d.equals(p.getParent())) {
        names.add(p.getFileName().toString());
      }
    }
    return names;
  }

  @Override
  public boolean deleteIfExists(Path file) {
    return files.remove(key(file)) != null;
  }

  @Override
  public Object changeStamp(Path file) {
    MemFile f = files.get(key(file));
    return f == null ? null : List.of(f.generation, f.size());
  }

  @Override
  public Closeable lockStore(Path dir) throws IOException {
    Path d = key(dir);
    if (!storeLocks.add(d)) {
      throw new FileLock.LockedException("store " + d + " is locked in this backend");
    }
    return new Release(storeLocks, d);
  }

  @Override
  public Closeable tryLockCompaction(Path dir) {
    Path d = key(dir);
    return compactionLocks.add(d) ? new Release(compactionLocks, d) : null;
  }

  /** Removes its key from a lock set once. */
  private static final class Release implements Closeable {
    private final Set<Path> set;
    private final Path key;
    private boolean closed;

    Release(Set<Path> set, Path key) {
      this.set = set;
      this.key = key;
    }

    @Override
    public synchronized void close() {
      if (!closed) {
        closed = true;
        set.remove(key);
      }
    }
  }

  /** The bytes of one file; guarded by its monitor. */
  private static final class MemFile {
    final long generation;
    private byte[] data = new byte[64];
    private int size;

    MemFile(long generation) {
      this.generation = generation;
    }

    synchronized long size() {
      return size;
    }

    synchronized byte[] snapshot() {
      return Arrays.copyOf(data, size);
    }

    synchronized int read(ByteBuffer dst, long position) {
      if (position >= size) {
        return -1;
      }
      int n = (int) Math.min(dst.remaining(), size - position);
      dst.put(data, (int) position, n);
      return n;
    }

    synchronized int write(ByteBuffer src, long position) {
      int n = src.remaining();
      long end = position + n;
      if (end > Integer.MAX_VALUE - 8) {
        throw new IllegalStateException("in-memory file too large: " + end);
      }
      if (end > data.length) {
        data = Arrays.copyOf(data, (int) Math.max(end, Math.min(Integer.MAX_VALUE - 8L,
            2L * data.length)));
      }
      if (position > size) {
        Arrays.fill(data, size, (int) position, (byte) 0);
      }
      src.get(data, (int) position, n);
      size = (int) Math.max(size, end);
      return n;
    }

    synchronized void truncate(long newSize) {
      if (newSize < size) {
        size = (int) newSize;
      }
    }
  }

  /** A channel over a {@link MemFile}; positional reads and writes, force is a no-op. */
  private static final class MemChannel extends FileChannel {
    private final MemFile file;
    /** The backend whose {@link #walFault} applies, or null. */
    private final InMemoryBackend faults;
    private long position;

    MemChannel(MemFile file) {
      this(file, null);
    }

    MemChannel(MemFile file, InMemoryBackend faults) {
      this.file = file;
      this.faults = faults;
    }

    private void maybeFail(WalFault op) throws IOException {
      if (faults != null && faults.walFault == op) {
        throw new IOException("injected WAL " + op + " failure");
      }
    }

    private void checkOpen() throws IOException {
      if (!isOpen()) {
        throw new java.nio.channels.ClosedChannelException();
      }
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      int n = read(dst, position);
      if (n > 0) {
        position += n;
      }
      return n;
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
      long total = 0;
      for (int i = offset; i < offset + length; i++) {
        int n = read(dsts[i]);
        if (n < 0) {
          return total == 0 ? -1 : total;
        }
        total += n;
      }
      return total;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      int n = write(src, position);
      position += n;
      return n;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
      long total = 0;
      for (int i = offset; i < offset + length; i++) {
        total += write(srcs[i]);
      }
      return total;
    }

    @Override
    public long position() throws IOException {
      checkOpen();
      return position;
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
      checkOpen();
      position = newPosition;
      return this;
    }

    @Override
    public long size() throws IOException {
      checkOpen();
      return file.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
      checkOpen();
      file.truncate(size);
      position = Math.min(position, size);
      return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
      checkOpen();
      maybeFail(WalFault.FORCE);
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) {
      throw new UnsupportedOperationException("transferTo");
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) {
      throw new UnsupportedOperationException("transferFrom");
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
      checkOpen();
      return file.read(dst, position);
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
      maybeFail(WalFault.WRITE);
      Runnable hook = faults == null ? null : faults.beforeWalWrite;
      if (hook != null) {
        hook.run();
      }
      checkOpen();
      return file.write(src, position);
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) {
      throw new UnsupportedOperationException("map");
    }

    @Override
    public java.nio.channels.FileLock lock(long position, long size, boolean shared) {
      throw new UnsupportedOperationException("lock");
    }

    @Override
    public java.nio.channels.FileLock tryLock(long position, long size, boolean shared) {
      throw new UnsupportedOperationException("tryLock");
    }

    @Override
    protected void implCloseChannel() {
      // nothing to release
    }
  }
}
