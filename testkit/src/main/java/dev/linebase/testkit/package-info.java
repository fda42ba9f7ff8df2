/**
 * Test fixtures every Linebase module reuses in its crash and corruption tests: a child JVM that
 * can be killed with {@code kill -9} ({@link dev.linebase.testkit.ChildJvm}), a loop that kills an
 * acknowledging writer at a seeded random moment and returns what it acknowledged ({@link
 * dev.linebase.testkit.CrashLoop}), file damage in the style of Kafka's and Lucene's tests ({@link
 * dev.linebase.testkit.FileDamage}), and printed, reproducible seeds ({@link
 * dev.linebase.testkit.Seeds}). This module depends on nothing but the JDK.
 */
package dev.linebase.testkit;
