package dev.linebase.index;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An independent, obviously correct line splitter: byte by byte, {@code '\n'} only, as DESIGN.md
 * defines lines. Tests compare {@link LineIndex} with it.
 */
final class Oracle {
  /** One line: where it lies and its content bytes. */
  record Line(long offset, int length, byte[] content) {}

  private Oracle() {}

  static List<Line> split(byte[] file) {
    List<Line> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < file.length; i++) {
      if (file[i] == '\n') {
        lines.add(line(file, start, i + 1));
        start = i + 1;
      }
    }
    if (start < file.length) {
      lines.add(line(file, start, file.length));
    }
    return lines;
  }

  private static Line line(byte[] file, int start, int end) {
    int from = start;
    int to = end;
    if (to > from && file[to - 1] == '\n') {
      to--;
      if (to > from && file[to - 1] == '\r') {
        to--;
      }
    }
    if (start == 0 && to - from >= 3 && (file[0] & 0xFF) == 0xEF && (file[1] & 0xFF) == 0xBB
        && (file[2] & 0xFF) == 0xBF) {
      from += 3;
    }
    return new Line(start, end - start, Arrays.copyOfRange(file, from, to));
  }
}
