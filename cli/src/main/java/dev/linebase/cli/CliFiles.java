package dev.linebase.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Checks on the files and directories named on a command line, as one-line user errors. */
final class CliFiles {
  private CliFiles() {}

  /** The path of an existing regular file, or a {@link UserException} naming it. */
  static Path requireFile(Path path) {
    if (Files.isDirectory(path)) {
      throw new UserException(path + " is a directory, not a file");
    }
    if (!Files.exists(path)) {
      throw new UserException("no such file: " + path);
    }
    return path;
  }

  /** The path of an existing directory, or a {@link UserException} naming it. */
  static Path requireDirectory(Path path) {
    if (!Files.exists(path)) {
      throw new UserException("no such directory: " + path);
    }
    if (!Files.isDirectory(path)) {
      throw new UserException(path + " is not a directory");
    }
    return path;
  }

  /** The path of an existing file or directory, or a {@link UserException} naming it. */
  static Path requireExists(Path path) {
    if (!Files.exists(path)) {
      throw new UserException("no such file or directory: " + path);
    }
    return path;
  }
}
