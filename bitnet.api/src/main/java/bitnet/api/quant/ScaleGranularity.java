package bitnet.api.quant;

/** Which elements share one quantization scale. */
public enum ScaleGranularity {
    /** One scale for the whole tensor. */
    PER_TENSOR,
    /** One scale per output channel (per row of a {@code [out, in]} weight matrix, per token for activations). */
    PER_CHANNEL,
    /** One scale per group of consecutive elements inside a row. */
    PER_GROUP
}
