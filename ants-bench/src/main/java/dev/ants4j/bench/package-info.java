/** JMH benchmarks of ants4j beside the JDK executors. */
package dev.ants4j.bench;
