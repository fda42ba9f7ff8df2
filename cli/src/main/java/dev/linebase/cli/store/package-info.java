/**
 * {@code linebase store ...}: commands over any opslog-layout store directory (get, set, delete,
 * list, history, dump, compact, stats). Reads open the store read-only and need no lock.
 */
package dev.linebase.cli.store;
