package bitnet.server.http;

import java.util.Arrays;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import bitnet.api.inference.TokenListener;

/**
 * Hands generated text from the scheduler's thread to the request's thread without ever blocking the scheduler: the
 * listener only offers to a bounded queue. A client too slow to keep up lets the queue fill; the listener then says
 * stop, which cancels that generation alone. It also notes when each token arrived, for the latency metrics.
 */
public final class TokenPipe implements TokenListener {
    /** Text pieces a streamed request may fall behind by before it is cancelled. */
    public static final int DEFAULT_CAPACITY = 1024;

    private static final String WAKE = new String("wake");

    private final LinkedBlockingQueue<String> queue;
    private final boolean keepText;
    private volatile boolean overflowed;
    // Written by the scheduler's thread only; read after the generation's future completed (which orders them).
    private long[] tokenNanos = new long[64];
    private int tokenCount;

    /**
     * @param keepText whether the text is kept for {@link #next} (streaming); otherwise only timings are noted
     * @param capacity pieces the queue holds
     */
    public TokenPipe(boolean keepText, int capacity) {
        this.keepText = keepText;
        this.queue = new LinkedBlockingQueue<>(capacity + 1);
    }

    @Override
    public boolean onToken(int tokenId, String text) {
        if (tokenId >= 0) {
            if (tokenCount == tokenNanos.length) {
                tokenNanos = Arrays.copyOf(tokenNanos, tokenCount * 2);
            }
            tokenNanos[tokenCount++] = System.nanoTime();
        }
        // One place stays free for the wake-up; only this thread adds text, so the check cannot go stale.
        if (keepText && !text.isEmpty() && (queue.remainingCapacity() <= 1 || !queue.offer(text))) {
            overflowed = true;
            return false;
        }
        return true;
    }

    /** Wakes a thread waiting in {@link #next}: the generation is over. Never blocks. */
    public void wake() {
        queue.offer(WAKE);
    }

    /**
     * @param timeoutMillis how long to wait for the first piece
     * @return the text that arrived, every piece queued joined; empty if none came in time
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    public String next(long timeoutMillis) throws InterruptedException {
        StringBuilder sb = new StringBuilder();
        String piece = queue.poll(timeoutMillis, TimeUnit.MILLISECONDS);
        while (piece != null) {
            if (piece != WAKE) {
                sb.append(piece);
            }
            piece = queue.poll();
        }
        return sb.toString();
    }

    /** @return whether the client fell so far behind that the generation was cancelled */
    public boolean overflowed() {
        return overflowed;
    }

    /** @return when each generated token arrived ({@link System#nanoTime()}); read once the generation is over */
    public long[] tokenNanos() {
        return Arrays.copyOf(tokenNanos, tokenCount);
    }
}
