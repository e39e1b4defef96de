/**
 * The handshake at the message level: ClientHello, ServerHello, ServerAuth and Finished messages, the transcript
 * and key schedule, and the client and server state machines (docs/PROTOCOL.md §4-5). No packets here.
 */
package io.jetstreamproto.crypto.internal.handshake;
