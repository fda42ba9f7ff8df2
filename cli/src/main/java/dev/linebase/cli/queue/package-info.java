/** The {@code linebase queue} commands: put, poll, info and import-pistributer. */
package dev.linebase.cli.queue;
