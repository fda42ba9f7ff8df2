package dev.linebase.timelog;

/**
 * A sealed memtable waiting for its flush, with {@code startSeq}, the sequence number (= WAL
 * line) from which a replay rebuilds it. Immutable.
 */
record SealedRun(Run run, long startSeq) {}
