package dev.linebase.queue;

import java.io.IOException;
import java.util.List;

/** Where a {@link GroupConsumer} reads message bytes by position. Implementations are thread-safe. */
interface LineSource {

  /** Up to {@code maxCount} messages starting at {@code position}; fewer at the end. */
  List<byte[]> read(long position, int maxCount) throws IOException;

  /** The first position still stored (earlier ones were deleted by retention). */
  long firstPosition() throws IOException;
}
