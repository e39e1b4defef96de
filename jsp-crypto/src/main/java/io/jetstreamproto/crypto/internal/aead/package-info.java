/** Authenticated encryption for packets: cipher suites, the JDK/Bouncy Castle switch, hardware-based preference. */
package io.jetstreamproto.crypto.internal.aead;
