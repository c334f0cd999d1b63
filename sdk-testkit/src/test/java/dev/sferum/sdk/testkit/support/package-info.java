/** Test helpers shared by the fake's own tests: a Callback API receiver and bounded polling. */
package dev.sferum.sdk.testkit.support;
