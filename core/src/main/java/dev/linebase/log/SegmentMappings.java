package dev.linebase.log;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * The read-write mappings of one segment file, which {@link #unmapAll()} releases at once instead
 * of when the garbage collector finds them.
 *
 * <p>Why: the kernel write-protects every still-mapped page when it writes the page back, and on a
 * multi-core machine each such page costs a TLB shootdown, an interrupt of every CPU running this
 * process, the appending thread's among them. Forcing a 256 MiB sealed segment that is still
 * mapped interrupted the writer 65,536 times; measured on this project's 2-vCPU VM, unmapping the
 * sealed segment before its force raised {@code NONE} appends of 100-byte lines by about 1.4x.
 *
 * <p>How, by JDK (chosen once, at class load, from what the running JDK offers; all of it through
 * method handles, so the library still compiles for Java 17):
 * <ul>
 *   <li>JDK 22 and later: the file is mapped into a shared {@code java.lang.foreign.Arena}
 *       ({@code FileChannel.map(mode, position, size, arena)}); the buffers are the mapped
 *       segments' {@code MappedByteBuffer} views, and closing the arena unmaps them. A buffer used
 *       after that throws {@code IllegalStateException}.
 *   <li>JDK 17 to 21: {@code FileChannel.map} and {@code sun.misc.Unsafe.invokeCleaner} (module
 *       {@code jdk.unsupported}; Lucene and Netty unmap the same way). A buffer used after that
 *       would crash the JVM, so the caller must guarantee it never is: {@link MappedAppender}
 *       unmaps only after its appends, forces and page toucher have all ended.
 *   <li>Otherwise the buffers are left to the garbage collector, as before.
 * </ul>
 *
 * <p>Not thread-safe: the owning {@link MappedAppender} calls it under its own locking.
 */
final class SegmentMappings {
  private static final MethodHandle OPEN_ARENA; // () -> Arena (AutoCloseable)
  private static final MethodHandle MAP_IN_ARENA; // (FileChannel, MapMode, long, long, Arena)
  private static final MethodHandle AS_BYTE_BUFFER; // (MemorySegment) -> ByteBuffer
  private static final MethodHandle INVOKE_CLEANER; // (ByteBuffer) -> void

  static {
    MethodHandle open = null;
    MethodHandle map = null;
    MethodHandle view = null;
    MethodHandle cleaner = null;
    if (Runtime.version().feature() >= 22) {
      try {
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        Class<?> arena = Class.forName("java.lang.foreign.Arena");
        Class<?> segment = Class.forName("java.lang.foreign.MemorySegment");
        open = lookup.findStatic(arena, "ofShared", MethodType.methodType(arena))
            .asType(MethodType.methodType(AutoCloseable.class));
        map = lookup.findVirtual(FileChannel.class, "map", MethodType.methodType(
                segment, FileChannel.MapMode.class, long.class, long.class, arena))
            .asType(MethodType.methodType(Object.class, FileChannel.class,
                FileChannel.MapMode.class, long.class, long.class, AutoCloseable.class));
        view = lookup.findVirtual(segment, "asByteBuffer", MethodType.methodType(ByteBuffer.class))
            .asType(MethodType.methodType(ByteBuffer.class, Object.class));
      } catch (ReflectiveOperationException | RuntimeException e) {
        open = null;
      }
    } else {
      try {
        Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
        Field f = unsafeClass.getDeclaredField("theUnsafe");
        f.setAccessible(true);
        cleaner = MethodHandles.lookup()
            .findVirtual(unsafeClass, "invokeCleaner",
                MethodType.methodType(void.class, ByteBuffer.class))
            .bindTo(f.get(null));
      } catch (ReflectiveOperationException | RuntimeException e) {
        cleaner = null;
      }
    }
    OPEN_ARENA = open;
    MAP_IN_ARENA = open == null ? null : map;
    AS_BYTE_BUFFER = open == null ? null : view;
    INVOKE_CLEANER = cleaner;
  }

  private final FileChannel ch;
  private final List<MappedByteBuffer> buffers = new ArrayList<>();
  private AutoCloseable arena;

  SegmentMappings(FileChannel ch) {
    this.ch = ch;
  }

  /** How this JDK unmaps: {@code "arena"}, {@code "cleaner"} or {@code "gc"}. */
  static String strategy() {
    return OPEN_ARENA != null ? "arena" : INVOKE_CLEANER != null ? "cleaner" : "gc";
  }

  /** Maps {@code [position, position + length)} of the file read-write. */
  MappedByteBuffer map(long position, long length) throws IOException {
    MappedByteBuffer buf;
    if (OPEN_ARENA != null) {
      try {
        if (arena == null) {
          arena = (AutoCloseable) OPEN_ARENA.invokeExact();
        }
        Object segment = (Object) MAP_IN_ARENA.invokeExact(
            ch, FileChannel.MapMode.READ_WRITE, position, length, arena);
        buf = (MappedByteBuffer) (ByteBuffer) AS_BYTE_BUFFER.invokeExact(segment);
      } catch (IOException | RuntimeException | Error e) {
        throw e;
      } catch (Throwable e) {
        throw new IOException("could not map " + length + " bytes at " + position, e);
      }
    } else {
      buf = ch.map(FileChannel.MapMode.READ_WRITE, position, length);
      if (INVOKE_CLEANER != null) {
        buffers.add(buf);
      }
    }
    return buf;
  }

  /** Unmaps every buffer {@link #map} returned; none of them may be used again. */
  void unmapAll() {
    try {
      if (arena != null) {
        AutoCloseable a = arena;
        arena = null;
        a.close();
      }
      for (MappedByteBuffer b : buffers) {
        INVOKE_CLEANER.invokeExact((ByteBuffer) b);
      }
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException("could not unmap a segment", e);
    } finally {
      buffers.clear();
    }
  }
}
