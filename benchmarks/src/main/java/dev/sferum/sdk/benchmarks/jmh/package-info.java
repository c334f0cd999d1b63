/** JMH benchmarks: per-call overhead, decoding, request building. */
package dev.sferum.sdk.benchmarks.jmh;
