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
 * @param walWrites WAL appends by the group committer since this store was opened: one per group
 *     of calls sharing a write ({@code write} system call, or copy into the memory-mapped WAL)
 * @param walForces forces ({@code fdatasync}) of such groups since this store was opened, under a
 *     forcing durability; {@code opsCount / walForces} over a run is the ops per fsync
 */
public record StoreStats(
    long activeRecords, long opsCount, int archiveSegments, long archivedRecords, long tornBytesCut,
    long walWrites, long walForces) {}
