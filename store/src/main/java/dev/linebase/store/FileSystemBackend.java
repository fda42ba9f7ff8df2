package dev.linebase.store;

import dev.linebase.io.AtomicFiles;
import dev.linebase.io.Durability;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * The default {@link StoreBackend}: files on the local file system. Whole-file replacement is
 * {@link AtomicFiles#write(Path, AtomicFiles.Body, Durability)} (temporary file, force, rename,
 * force the directory); the locks are {@link StoreLock} and {@link CompactionLock}. Stateless and
 * thread-safe; use {@link StoreBackend#fileSystem()}.
 */
final class FileSystemBackend implements StoreBackend {
  static final FileSystemBackend INSTANCE = new FileSystemBackend();

  private FileSystemBackend() {}

  @Override
  public byte[] readAll(Path file) throws IOException {
    return Files.readAllBytes(file);
  }

  @Override
  public void replace(Path file, AtomicFiles.Body body, Durability durability) throws IOException {
    AtomicFiles.write(file, body, durability);
  }

  @Override
  public FileChannel openRead(Path file) throws IOException {
    return FileChannel.open(file, StandardOpenOption.READ);
  }

  @Override
  public FileChannel create(Path file, Durability durability) throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    try {
      if (durability.forces()) {
        AtomicFiles.forceDirectory(file.getParent());
      }
      return ch;
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  @Override
  public FileChannel openWrite(Path file) throws IOException {
    return FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
  }

  @Override
  public boolean exists(Path file) {
    return Files.exists(file);
  }

  @Override
  public void createDirectories(Path dir) throws IOException {
    Files.createDirectories(dir);
  }

  @Override
  public List<String> list(Path dir) throws IOException {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        names.add(p.getFileName().toString());
      }
    } catch (NoSuchFileException e) {
      return names;
    }
    return names;
  }

  @Override
  public boolean deleteIfExists(Path file) throws IOException {
    return Files.deleteIfExists(file);
  }

  @Override
  public Object changeStamp(Path file) {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      return List.of(String.valueOf(a.fileKey()), a.lastModifiedTime().toString(), a.size());
    } catch (IOException e) {
      return null;
    }
  }

  @Override
  public Closeable lockStore(Path dir) throws IOException {
    return StoreLock.acquire(dir);
  }

  @Override
  public Closeable tryLockCompaction(Path dir) throws IOException {
    return CompactionLock.tryAcquire(dir);
  }

  @Override
  public String toString() {
    return "FileSystemBackend";
  }
}
