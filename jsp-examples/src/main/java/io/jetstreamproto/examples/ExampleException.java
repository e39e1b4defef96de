package io.jetstreamproto.examples;

/** A failure to report to the user as one clear line ("error: ...") with exit code 1; no stack trace. */
public final class ExampleException extends Exception {
    private static final long serialVersionUID = 1L;

    public ExampleException(String message) {
        super(message);
    }

    public ExampleException(String message, Throwable cause) {
        super(message, cause);
    }
}
