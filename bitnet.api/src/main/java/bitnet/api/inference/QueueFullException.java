package bitnet.api.inference;

/** A {@link BatchScheduler}'s queue is full: try again later. */
public class QueueFullException extends InferenceException {
    private static final long serialVersionUID = 1L;

    private final int retryAfterSeconds;

    /**
     * @param queued requests waiting
     * @param retryAfterSeconds a suggested wait before retrying, at least 1
     */
    public QueueFullException(int queued, int retryAfterSeconds) {
        super("the queue is full (" + queued + " requests waiting); retry after " + retryAfterSeconds + " s");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** @return the suggested wait before retrying, in seconds */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
