/**
 * A stateful fake of the VK API, VK ID OAuth and VK events for tests: start a {@link dev.sferum.sdk.testkit.FakeVk},
 * point the client under test at its {@link dev.sferum.sdk.testkit.FakeVk#baseUri()}, then assert on what it
 * recorded and on its state.
 *
 * <pre>{@code
 * try (FakeVk fake = FakeVk.start()) {
 *     FakeCommunity school = fake.createCommunity("Школа №1");
 *     // ... run the code under test against fake.baseUri() with school.token().value() ...
 *     assertThat(fake.requests("messages.send")).hasSize(1);
 * }
 * }</pre>
 *
 * <p>Everything in this package is non-null unless documented otherwise; values are immutable snapshots.
 */
package dev.sferum.sdk.testkit;
