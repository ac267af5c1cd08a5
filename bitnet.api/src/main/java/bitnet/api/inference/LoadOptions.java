package bitnet.api.inference;

import java.util.Objects;

import bitnet.api.model.LoadProgress;

/**
 * How to load a model.
 *
 * @param precisionPolicy the precision policy whose plan sets the KV-cache precision (F32 or F16), or null for the
 *     precision manager's active policy
 * @param lmHeadInt8 hold the LM head as int8 with one scale per row (a quarter of the F32 bytes, half of F16), at
 *     a small logit error; false keeps it as stored
 * @param progress told after each tensor is loaded
 */
public record LoadOptions(String precisionPolicy, boolean lmHeadInt8, LoadProgress progress) {
    /** @throws NullPointerException if progress is null */
    public LoadOptions {
        Objects.requireNonNull(progress, "progress");
    }

    /** @return the active policy, the LM head as stored, no progress reports */
    public static LoadOptions defaults() {
        return new LoadOptions(null, false, LoadProgress.NONE);
    }

    /**
     * @param policy a precision policy name, or null for the active one
     * @return these options with that policy
     */
    public LoadOptions withPrecisionPolicy(String policy) {
        return new LoadOptions(policy, lmHeadInt8, progress);
    }

    /**
     * @param int8 whether to hold the LM head in int8
     * @return these options with that choice
     */
    public LoadOptions withLmHeadInt8(boolean int8) {
        return new LoadOptions(precisionPolicy, int8, progress);
    }

    /**
     * @param listener told after each tensor
     * @return these options with that listener
     */
    public LoadOptions withProgress(LoadProgress listener) {
        return new LoadOptions(precisionPolicy, lmHeadInt8, listener);
    }
}
