/**
 * The packet envelope: long and short headers, Version Negotiation and Retry packets, connection ids and
 * variable-length integers (docs/PROTOCOL.md §2-3). Pure codecs; protection lives in {@code crypto.record}.
 */
package io.jetstreamproto.crypto.internal.packet;
