package dev.linebase.log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * A {@link SegmentAppender} of the {@link WriterMode#SHARED} writer, used only while the writer
 * holds {@code append.lock}. Between two holds other processes may have appended, so the writer
 * re-learns the end and tells the appender ({@link #size(long)}); before it lets the lock go it
 * calls {@link #release()}, after which the file holds complete lines only.
 */
interface SharedAppender extends SegmentAppender {

  Path path();

  FileChannel channel();

  /** Appends go at {@code realSize} from now on (re-learned under the lock). */
  void size(long realSize);

  /** Called before the lock is let go: the file must end at {@link #size()} afterwards. */
  void release() throws IOException;
}
