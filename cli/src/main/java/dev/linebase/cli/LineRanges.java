package dev.linebase.cli;

/** Range checks on line numbers given on a command line, as one-line user errors. */
final class LineRanges {
  private LineRanges() {}

  /**
   * Returns {@code n} if it is a line of a file with {@code total} lines, else throws a {@link
   * UserException} naming the file and the valid range.
   */
  static long requireLine(Object fileOrDir, long n, long total) {
    if (n < 0 || n >= total) {
      throw new UserException("line " + n + " is out of range: " + fileOrDir + " has "
          + describe(total));
    }
    return n;
  }

  /** {@code "no lines"}, {@code "1 line (valid: 0)"} or {@code "5 lines (valid: 0 to 4)"}. */
  static String describe(long total) {
    if (total == 0) {
      return "no lines";
    }
    if (total == 1) {
      return "1 line (valid: 0)";
    }
    return total + " lines (valid: 0 to " + (total - 1) + ")";
  }
}
