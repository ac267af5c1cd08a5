package bitnet.api.precision;

/** The parts of a layer that carry their own precision. */
public enum ComponentType {
    /** Weights. */
    WEIGHTS,
    /** Bias. */
    BIAS,
    /** Activations flowing through the layer. */
    ACTIVATIONS,
    /** Gradients (training). */
    GRADIENTS,
    /** Attention scores. */
    ATTENTION_SCORES,
    /** Key/value cache. */
    KV_CACHE
}
