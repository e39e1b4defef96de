/** Small security utilities: injectable randomness, constant-time comparison, owned secrets and wiping. */
package io.jetstreamproto.crypto.internal.util;
