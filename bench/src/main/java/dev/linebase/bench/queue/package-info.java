/** Queue workloads (issue 3) against Linebase's drivers, Tape's QueueFile and sqlite-jdbc. */
package dev.linebase.bench.queue;
