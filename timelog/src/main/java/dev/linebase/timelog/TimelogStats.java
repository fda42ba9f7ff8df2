package dev.linebase.timelog;

/**
 * Counters and sizes of a timelog at one moment.
 *
 * @param records records physically held (visible or hidden by a tombstone not yet applied)
 * @param memtableRecords records in the mutable memtable
 * @param memtableBytes approximate heap bytes of the memtable's records
 * @param sealedRuns sealed runs waiting for a flush
 * @param l0Segments level-0 segments
 * @param l1Segments level-1 segments
 * @param tombstones coalesced tombstone pieces
 * @param seals memtables sealed so far
 * @param flushes sealed runs flushed to L0 so far
 * @param compactions L0-to-L1 compactions so far
 * @param busyEvents writes signalled busy (or that waited) because sealed runs piled up
 * @param droppedRecords hidden records physically removed by maintenance
 */
public record TimelogStats(
    long records,
    long memtableRecords,
    long memtableBytes,
    int sealedRuns,
    int l0Segments,
    int l1Segments,
    int tombstones,
    long seals,
    long flushes,
    long compactions,
    long busyEvents,
    long droppedRecords) {}
