/**
 * The {@code linebase} command line: one picocli class per subcommand ({@code index}, {@code
 * info}, {@code count}, {@code read}, {@code tail}, {@code sample}, {@code log append|read|info},
 * {@code dump}, {@code verify}, {@code demo}), shared options in mixins ({@link
 * dev.linebase.cli.IndexOptions}), exit codes defined once ({@link dev.linebase.cli.ExitCodes})
 * and one error style ({@link dev.linebase.cli.ErrorHandler}). Data goes to stdout, one JSON value
 * per line where it is data; messages and progress bars go to stderr; only {@link
 * dev.linebase.cli.Main#main} calls {@code System.exit}. A command object is made for one
 * invocation and used by one thread.
 */
package dev.linebase.cli;
