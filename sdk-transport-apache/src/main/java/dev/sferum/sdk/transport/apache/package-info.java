/**
 * The Apache HttpClient 5 transport: {@link dev.sferum.sdk.transport.apache.ApacheTransport}.
 */
package dev.sferum.sdk.transport.apache;
