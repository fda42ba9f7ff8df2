/**
 * Framing of "one JSON value per line": strict line reading with limits ({@link
 * dev.linebase.jsonl.LineReader}), checks applied to every record before it is written ({@link
 * dev.linebase.jsonl.Records}), and the Jackson adapter ({@link dev.linebase.jsonl.Codec},
 * {@link dev.linebase.jsonl.Json}), so that no other package splits bytes into lines.
 */
package dev.linebase.jsonl;
