package bitnet.api.model;

import org.osgi.annotation.versioning.ConsumerType;

/** Told how far a load has come, so that long loads can show progress. Called on the loading thread. */
@ConsumerType
@FunctionalInterface
public interface LoadProgress {
    /** Reports nothing. */
    LoadProgress NONE = (done, total, what) -> { };

    /**
     * @param done tensors loaded so far
     * @param total tensors to load
     * @param what the tensor just loaded
     */
    void loaded(int done, int total, String what);
}
