package bitnet.api.convert;

/** Named combinations of strategy, mode and chunk size. */
public enum ConversionPreset {
    /** DIRECT, ZERO_COPY (a view for same-dtype requests, otherwise one copy pass). Fastest, no scale. */
    HIGH_PERFORMANCE(new ConversionOptions(ConversionStrategy.DIRECT, ConversionMode.ZERO_COPY,
            ConversionOptions.DEFAULT_CHUNK, 0)),
    /** DIRECT, STREAMING with 16 Ki-element chunks: the least working memory. */
    LOW_MEMORY(new ConversionOptions(ConversionStrategy.DIRECT, ConversionMode.STREAMING, 1L << 14, 0)),
    /** SCALED, COPY: absmax scaling uses an integer target's whole range and keeps F16 from overflowing. */
    HIGH_PRECISION(new ConversionOptions(ConversionStrategy.SCALED, ConversionMode.COPY,
            ConversionOptions.DEFAULT_CHUNK, 0)),
    /** DIRECT, STREAMING with 1 Mi-element chunks: bounded working set at close to full speed. */
    BALANCED(new ConversionOptions(ConversionStrategy.DIRECT, ConversionMode.STREAMING, 1L << 20, 0));

    private final ConversionOptions options;

    ConversionPreset(ConversionOptions options) {
        this.options = options;
    }

    /** @return the options this preset stands for */
    public ConversionOptions options() {
        return options;
    }
}
