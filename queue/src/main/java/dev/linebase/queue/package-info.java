/** See the module description. */
package dev.linebase.queue;
