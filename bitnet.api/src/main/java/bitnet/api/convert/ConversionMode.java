package bitnet.api.convert;

/** Where a conversion's result lives. */
public enum ConversionMode {
    /** A new contiguous tensor; the source is read once in row-major order, any layout. */
    COPY,
    /**
     * A view of the source (same memory, same layout, its own reference) when the conversion is the identity:
     * same dtype under {@link ConversionStrategy#DIRECT} or {@link ConversionStrategy#STOCHASTIC}. Any other
     * conversion falls back to {@link #COPY}; {@link ConversionResult#mode()} says which happened.
     */
    ZERO_COPY,
    /**
     * The result reuses the source's memory; allowed when the target element is no larger than the source
     * element (bits) and the source is contiguous. Aliasing rule: after the call the source tensor's memory holds
     * the target's elements, so the source must no longer be read (its values are undefined), while both tensors
     * stay valid to close. Validation and scale passes run before the first byte is written, so a failure leaves
     * the source unchanged.
     */
    IN_PLACE,
    /**
     * The source is processed in chunks of {@link ConversionOptions#chunkElements()} elements. Through
     * {@link ConversionEngine#stream} only one chunk of output exists at a time (bounded memory); through
     * {@link ConversionEngine#convert} the chunks fill a full-size result.
     */
    STREAMING
}
