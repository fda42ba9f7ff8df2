package dev.linebase.store;

/**
 * Counters of an open store, as opslog's {@code stats()} plus the archived count.
 *
 * @param activeRecords records in memory
 * @param opsCount ops in the active WAL (since the last checkpoint)
 * @param archiveSegments number of archive files
 * @param archivedRecords records moved to archives, cumulative
 * @param tornBytesCut bytes of torn WAL tails (an interrupted last append) that recovery cut off
 *     since this store was opened
 */
public record StoreStats(
    long activeRecords, long opsCount, int archiveSegments, long archivedRecords, long tornBytesCut) {}
