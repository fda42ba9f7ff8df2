package dev.linebase.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileLockTest {
  @TempDir Path dir;

  @Test
  void secondOwnerIsRefusedUntilTheFirstCloses() throws IOException {
    Path lockFile = dir.resolve(".lock");
    FileLock first = FileLock.tryAcquire(lockFile);
    assertThat(Files.readString(lockFile).trim())
        .isEqualTo(Long.toString(ProcessHandle.current().pid()));
    assertThatThrownBy(() -> FileLock.tryAcquire(lockFile))
        .isInstanceOf(FileLock.LockedException.class)
        .hasMessageContaining(".lock is locked by this process");
    first.close();
    first.close(); // idempotent
    try (FileLock second = FileLock.tryAcquire(lockFile)) {
      assertThat(second.path()).isEqualTo(lockFile.toAbsolutePath());
    }
  }

  @Test
  void closingFromAnotherThreadReleases() throws Exception {
    Path lockFile = dir.resolve(".lock");
    FileLock held = FileLock.tryAcquire(lockFile);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      pool.submit(() -> {
        held.close();
        return null;
      }).get(10, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    FileLock.tryAcquire(lockFile).close();
  }

  @Test
  void blockingAcquireSerializesThreads() throws Exception {
    Path lockFile = dir.resolve("append.lock");
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger maxInside = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        futures.add(pool.submit(() -> {
          for (int i = 0; i < 200; i++) {
            FileLock lock = FileLock.acquire(lockFile);
            try {
              maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
              inside.decrementAndGet();
            } finally {
              lock.close();
            }
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(maxInside.get()).isEqualTo(1);
  }
}
