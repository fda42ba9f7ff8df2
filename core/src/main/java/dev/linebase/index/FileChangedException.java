package dev.linebase.index;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The indexed file was truncated, rewritten or deleted under an open {@link LineIndex}, so a read
 * cannot be answered from the index. The message names the file and what was seen; {@link
 * LineIndex#refresh()} re-indexes it (if it still exists).
 */
public final class FileChangedException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path path;

  public FileChangedException(Path path, String problem) {
    this(path, problem, null);
  }

  public FileChangedException(Path path, String problem, Throwable cause) {
    super(path + ": " + problem, cause);
    this.path = path;
  }

  /** The file that changed. */
  public Path path() {
    return path;
  }
}
