package dev.linebase.index;

/** When a {@link LineIndex} writes its sidecar file. */
public enum SidecarMode {
  /**
   * Write the sidecar after a build or rebuild, after appends once the bytes indexed since the
   * last save reach 64 MiB or an eighth of the file, and on {@link LineIndex#close()} if anything
   * is unsaved. A sidecar that cannot be written (read-only directory, full disk) is logged and
   * skipped: the index still works.
   */
  AUTO_SAVE,
  /** Read a sidecar if there is a fresh one; write it only on {@link LineIndex#save()}. */
  MANUAL_SAVE,
  /**
   * Read a sidecar if there is a fresh one; never write one ({@link LineIndex#save()} fails).
   * Batch-job checkpoints are explicit calls and still write the jobs file.
   */
  READ_ONLY
}
