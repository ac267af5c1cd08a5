package bitnet.server;

import bitnet.api.inference.BatchScheduler;
import bitnet.api.inference.Model;

/**
 * A model and the scheduler requests run on, as requests see it. A request takes one with
 * {@link ModelHost#acquire()} and gives it back with {@link #release()}; a replaced one (new limits, another model)
 * keeps running the requests that hold it and is closed when the last gives it back.
 */
public final class Served {
    private final ModelHost host;
    private final ModelHost.LoadedModel loaded;
    private final BatchScheduler scheduler;
    private final String name;
    private final long created;
    private int users;
    private boolean retired;
    private boolean closed;

    Served(ModelHost host, ModelHost.LoadedModel loaded, BatchScheduler scheduler, String name) {
        this.host = host;
        this.loaded = loaded;
        this.scheduler = scheduler;
        this.name = name;
        this.created = System.currentTimeMillis() / 1000;
    }

    /** @return the model */
    public Model model() {
        return loaded.model();
    }

    /** @return the scheduler requests are submitted to */
    public BatchScheduler scheduler() {
        return scheduler;
    }

    /** @return the id clients name the model by */
    public String name() {
        return name;
    }

    /** @return positions per request: prompt plus generated tokens */
    public int capacity() {
        return scheduler.options().capacity();
    }

    /** @return when it started serving, in seconds since the epoch */
    public long created() {
        return created;
    }

    /** Gives it back; the last request of a replaced one closes it. */
    public void release() {
        host.release(this);
    }

    ModelHost.LoadedModel loaded() {
        return loaded;
    }

    // The following are guarded by the host's lock.

    void use() {
        users++;
    }

    /** @return true if it was retired and nobody holds it any more */
    boolean unuse() {
        users--;
        return retired && users == 0 && !closed;
    }

    /** @return true if nobody holds it, so it can close now */
    boolean retire() {
        retired = true;
        return users == 0 && !closed;
    }

    void markClosed() {
        closed = true;
    }

    boolean isClosed() {
        return closed;
    }
}
