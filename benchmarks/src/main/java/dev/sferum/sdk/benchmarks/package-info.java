/**
 * The benchmark harness: a VK-like loopback server, the contenders, the load runner, JMH launcher, footprint and
 * the report writer. Never published.
 */
package dev.sferum.sdk.benchmarks;
