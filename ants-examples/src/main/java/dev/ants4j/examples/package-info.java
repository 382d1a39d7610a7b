/** Runnable programs that show ants4j at work. */
package dev.ants4j.examples;
