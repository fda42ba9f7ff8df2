package dev.linebase.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Damage found in data that Linebase wrote and sealed: a checksum mismatch, an invalid record in
 * the middle of a segment, a sidecar that points past its data. Carries where the damage is so
 * that the message alone lets a person find it with {@code dd} or {@code linebase dump}.
 *
 * <p>A torn <em>tail</em> of an active file is not corruption: recovery truncates it and reports
 * the bytes cut. This exception is for damage that cannot be explained by an interrupted append.
 */
public final class CorruptFileException extends IOException {
  private static final long serialVersionUID = 1L;

  /** Unknown byte offset or line number. */
  public static final long UNKNOWN = -1;

  private final transient Path path;
  private final long byteOffset;
  private final long lineNumber;

  public CorruptFileException(Path path, long byteOffset, long lineNumber, String problem) {
    this(path, byteOffset, lineNumber, problem, null);
  }

  public CorruptFileException(
      Path path, long byteOffset, long lineNumber, String problem, Throwable cause) {
    super(describe(path, byteOffset, lineNumber, problem), cause);
    this.path = path;
    this.byteOffset = byteOffset;
    this.lineNumber = lineNumber;
  }

  private static String describe(Path path, long byteOffset, long lineNumber, String problem) {
    StringBuilder sb = new StringBuilder("corrupt file ").append(path);
    if (lineNumber >= 0) {
      sb.append(" at line ").append(lineNumber);
    }
    if (byteOffset >= 0) {
      sb.append(lineNumber >= 0 ? ", byte offset " : " at byte offset ").append(byteOffset);
    }
    return sb.append(": ").append(problem).toString();
  }

  /** The damaged file. */
  public Path path() {
    return path;
  }

  /** Byte offset of the damage in {@link #path()}, or {@link #UNKNOWN}. */
  public long byteOffset() {
    return byteOffset;
  }

  /** 0-based line number of the damage, or {@link #UNKNOWN}. */
  public long lineNumber() {
    return lineNumber;
  }
}
