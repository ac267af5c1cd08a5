package bitnet.api.precision;

/** Kinds of layer a precision policy distinguishes. */
public enum LayerType {
    /** Token embedding table. */
    EMBEDDING,
    /** Attention projections and score computation. */
    ATTENTION,
    /** Feed-forward (MLP) projections. */
    FEED_FORWARD,
    /** A BitLinear layer: ternary weights, int8 activations. */
    BITLINEAR,
    /** A dense linear layer. */
    LINEAR,
    /** RMSNorm or LayerNorm. */
    NORMALIZATION,
    /** The output head (logits). */
    OUTPUT_HEAD
}
