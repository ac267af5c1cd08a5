package bitnet.inference.runtime;

import bitnet.api.model.ModelConfig;
import bitnet.api.precision.Precision;

/** Decides the precision of a new session's KV cache. */
@FunctionalInterface
interface KvPrecision {
    /**
     * @param config the model
     * @param capacity positions the cache will hold
     * @return the precision; the runtime supports F32 and F16
     */
    Precision resolve(ModelConfig config, int capacity);
}
