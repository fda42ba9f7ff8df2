package dev.linebase.log;

/**
 * How writers of one log directory share it.
 *
 * <ul>
 *   <li>{@link #EXCLUSIVE} (the default): one writing {@link SegmentedLog} per directory across
 *       all processes. It holds the OS locks on {@code writer.lock} (recording its PID) and {@code
 *       append.lock} from open to close; a second writer fails at open with an error naming the
 *       holder's PID. The active segment is written
 *       through a memory mapping (see {@link SegmentedLog}).
 *   <li>{@link #SHARED}: any number of writing processes (and logs in one process) append to the
 *       same directory. Each batch is written while holding the OS lock on {@code append.lock}
 *       (blocking), after re-learning the real end of the log from the file system and cutting a
 *       torn tail a killed writer left. Under {@code NONE} a batch is copied into a mapping that
 *       the writer extends only while it holds the lock and cuts back to the last line before it
 *       lets the lock go (other writers never find preallocated NUL bytes; readers stop at them);
 *       under {@code GROUP} and {@code SYNC} it is one positional write. This is what the queue's
 *       producers use.
 * </ul>
 *
 * An {@code EXCLUSIVE} writer and {@code SHARED} writers must not be mixed on one directory: a
 * {@code SHARED} open fails (after trying for one second) while an {@code EXCLUSIVE} writer is
 * open, and a {@code SHARED} writer that opened first blocks on its next append until the {@code
 * EXCLUSIVE} writer closes.
 */
public enum WriterMode {
  /** One writer per directory across processes; the fast (memory-mapped) write path. */
  EXCLUSIVE,
  /** Many writers across processes, each locking the directory around each batch. */
  SHARED
}
