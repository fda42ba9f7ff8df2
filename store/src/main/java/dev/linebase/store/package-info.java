/** See the module description. */
package dev.linebase.store;
