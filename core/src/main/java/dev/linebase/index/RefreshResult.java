package dev.linebase.index;

/** What {@link LineIndex#refresh()} found and did. */
public enum RefreshResult {
  /** Size, modification time and fingerprint are as indexed; nothing was read. */
  UNCHANGED,
  /** The file grew and its old bytes are unchanged; only the new bytes were scanned. */
  APPENDED,
  /** The file shrank, was rewritten or replaced; it was indexed again from scratch. */
  REBUILT
}
