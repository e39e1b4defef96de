/** LZ4 message compression (docs/PROTOCOL.md §8.8) and the adaptive policy that decides when to try it. */
package io.jetstreamproto.core.internal.compress;
