/**
 * The {@code linebase timelog} commands: load JSONL records into a durable timelog directory,
 * print a time range, delete a time range, print statistics.
 */
package dev.linebase.cli.timelog;
