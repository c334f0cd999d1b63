/**
 * Implementation of the fake VK server: HTTP gateway, VK methods, OAuth, events, faults and the in-memory
 * state behind them.
 *
 * <p>Not exported by the module and not API: types here change without notice. Everything in this package
 * is non-null unless a method says otherwise.
 */
package dev.sferum.sdk.testkit.internal;
