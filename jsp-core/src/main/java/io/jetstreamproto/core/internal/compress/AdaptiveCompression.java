package io.jetstreamproto.core.internal.compress;

/**
 * Per-stream decision whether to try compressing the next message. Messages under the threshold are never tried.
 * After {@value #GIVE_UP_AFTER} incompressible messages in a row the stream stops trying and probes again after
 * {@value #FIRST_PAUSE} messages; each further failed probe doubles the pause (at most {@value #MAX_PAUSE}), a success
 * resets it. So compressed-looking data (media, ciphertext, archives) costs one probe per pause, not one attempt per
 * message.
 */
public final class AdaptiveCompression {
    static final int GIVE_UP_AFTER = 8;
    static final int FIRST_PAUSE = 64;
    static final int MAX_PAUSE = 4096;

    private final int threshold;
    private int failuresInARow;
    private int pause = FIRST_PAUSE;
    private int skipRemaining;
    private long attempts;
    private long successes;

    public AdaptiveCompression(int threshold) {
        this.threshold = threshold;
    }

    /** Whether to try compressing a message of {@code length} bytes. */
    public boolean shouldTry(int length) {
        if (length < threshold) {
            return false;
        }
        if (skipRemaining > 0) {
            skipRemaining--;
            return false;
        }
        attempts++;
        return true;
    }

    /** The outcome of a try: whether the compressed form was smaller. */
    public void onResult(boolean smaller) {
        if (smaller) {
            successes++;
            failuresInARow = 0;
            pause = FIRST_PAUSE;
            return;
        }
        failuresInARow++;
        if (failuresInARow >= GIVE_UP_AFTER) {
            skipRemaining = pause;
            pause = Math.min(MAX_PAUSE, pause * 2);
            failuresInARow = GIVE_UP_AFTER - 1; // one more failure after the pause starts the next, longer one
        }
    }

    public long attempts() {
        return attempts;
    }

    public long successes() {
        return successes;
    }
}
