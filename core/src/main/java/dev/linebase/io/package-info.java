/**
 * The file-system seam every Linebase module writes through: atomic replacement of whole files
 * ({@link dev.linebase.io.AtomicFiles}), cross-process locks ({@link dev.linebase.io.FileLock}),
 * the shared {@link dev.linebase.io.Durability} policy and {@link
 * dev.linebase.io.CorruptFileException} for damage in sealed data.
 */
package dev.linebase.io;
