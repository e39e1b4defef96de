package io.jetstreamproto.testing;

import io.netty.buffer.AbstractByteBuf;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty reports a leaked {@link ByteBuf}.
 *
 * <p>Registered for every test class of every module through JUnit's extension auto-detection
 * ({@code META-INF/services}); Surefire runs with {@code -Dio.netty.leakDetection.level=paranoid}, so every
 * buffer is tracked. Netty only notices a leak when the leaked buffer has been garbage-collected and a later
 * allocation polls the reference queue, so after each class this extension collects garbage and allocates
 * until the queue has been drained, then fails with Netty's own report if any leak was seen.
 */
public final class NettyLeakCheck implements BeforeAllCallback, AfterAllCallback {
    private static final List<String> LEAKS = new ArrayList<>();
    private static volatile boolean installed;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        install();
        synchronized (LEAKS) {
            LEAKS.clear();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        List<String> found = drain();
        if (!found.isEmpty()) {
            throw new AssertionError(found.size() + " ByteBuf leak(s) in " + context.getDisplayName() + ":\n"
                    + String.join("\n----\n", found));
        }
    }

    /** Collects garbage, lets Netty poll its leak queue, and returns (and clears) the leaks reported so far. */
    public static List<String> drain() throws InterruptedException, ReflectiveOperationException {
        install();
        for (int round = 0; round < 3; round++) {
            awaitGarbageCollection();
            for (int i = 0; i < 64; i++) {
                UnpooledByteBufAllocator.DEFAULT.heapBuffer(8).release();
                PooledByteBufAllocator.DEFAULT.directBuffer(8).release();
            }
        }
        synchronized (LEAKS) {
            List<String> copy = new ArrayList<>(LEAKS);
            LEAKS.clear();
            return copy;
        }
    }

    /** Runs collections until a fresh weakly-reachable sentinel has been collected and enqueued. */
    private static void awaitGarbageCollection() throws InterruptedException {
        ReferenceQueue<Object> queue = new ReferenceQueue<>();
        WeakReference<Object> sentinel = new WeakReference<>(new Object(), queue);
        for (int attempt = 0; attempt < 50 && queue.remove(100) == null; attempt++) {
            System.gc();
        }
        sentinel.clear();
    }

    private static synchronized void install() throws ReflectiveOperationException {
        if (installed) {
            return;
        }
        if (ResourceLeakDetector.getLevel() != ResourceLeakDetector.Level.PARANOID) {
            throw new IllegalStateException("tests must run with -Dio.netty.leakDetection.level=paranoid, found "
                    + ResourceLeakDetector.getLevel());
        }
        Field field = AbstractByteBuf.class.getDeclaredField("leakDetector");
        field.setAccessible(true);
        @SuppressWarnings("unchecked")
        ResourceLeakDetector<ByteBuf> detector = (ResourceLeakDetector<ByteBuf>) field.get(null);
        detector.setLeakListener((resourceType, records) -> {
            synchronized (LEAKS) {
                LEAKS.add(resourceType + ": " + records);
            }
        });
        installed = true;
    }
}
