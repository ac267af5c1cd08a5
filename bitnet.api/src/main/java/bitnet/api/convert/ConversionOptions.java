package bitnet.api.convert;

import java.util.Objects;

/**
 * How to convert.
 *
 * @param strategy value mapping
 * @param mode where the result lives
 * @param chunkElements elements per chunk for {@link ConversionMode#STREAMING}, at least 1 (ignored otherwise)
 * @param seed seed of {@link ConversionStrategy#STOCHASTIC} rounding (ignored otherwise)
 */
public record ConversionOptions(ConversionStrategy strategy, ConversionMode mode, long chunkElements, long seed) {
    /** Default chunk size of {@link ConversionMode#STREAMING}: 64 Ki elements. */
    public static final long DEFAULT_CHUNK = 1L << 16;

    /**
     * @throws NullPointerException if strategy or mode is null
     * @throws IllegalArgumentException if {@code chunkElements < 1}
     */
    public ConversionOptions {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(mode, "mode");
        if (chunkElements < 1) {
            throw new IllegalArgumentException("chunk size must be at least 1 element, was " + chunkElements);
        }
    }

    /**
     * @param strategy value mapping
     * @return {@code strategy} in {@link ConversionMode#COPY} mode, default chunk, seed 0
     */
    public static ConversionOptions of(ConversionStrategy strategy) {
        return new ConversionOptions(strategy, ConversionMode.COPY, DEFAULT_CHUNK, 0);
    }

    /**
     * @param newMode the mode
     * @return these options with another mode
     */
    public ConversionOptions withMode(ConversionMode newMode) {
        return new ConversionOptions(strategy, newMode, chunkElements, seed);
    }

    /**
     * @param elements elements per chunk
     * @return these options with another chunk size
     */
    public ConversionOptions withChunk(long elements) {
        return new ConversionOptions(strategy, mode, elements, seed);
    }

    /**
     * @param newSeed stochastic rounding seed
     * @return these options with another seed
     */
    public ConversionOptions withSeed(long newSeed) {
        return new ConversionOptions(strategy, mode, chunkElements, newSeed);
    }
}
