package dev.linebase.index;

import java.time.Instant;

/**
 * The saved state of one batch job (see {@link LineIndex#job(String)}). Immutable.
 *
 * @param name the job's name
 * @param nextLine the first line not yet processed
 * @param nextOffset the byte offset where {@code nextLine} starts
 * @param completed whether the last checkpoint was at the end of the file
 * @param updatedAt when the last checkpoint was written
 * @param progressPercent {@code nextLine} as a percentage of the file's current line count
 */
public record JobStatus(String name, long nextLine, long nextOffset, boolean completed,
    Instant updatedAt, double progressPercent) {}
