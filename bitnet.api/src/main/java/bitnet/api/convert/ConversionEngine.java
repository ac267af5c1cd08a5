package bitnet.api.convert;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;

/**
 * Converts tensors between dtypes. Source tensors are never closed by the engine, and, except in
 * {@link ConversionMode#IN_PLACE}, never changed. Implementations are thread-safe.
 */
@ProviderType
public interface ConversionEngine {

    /**
     * Converts one tensor.
     *
     * @param source any layout (IN_PLACE needs a contiguous one)
     * @param target target dtype
     * @param options strategy, mode, chunk size and seed
     * @return the result; the caller closes it
     * @throws ConversionException if the pair, the input values or the mode are not allowed; nothing was written
     */
    ConversionResult convert(Tensor source, DType target, ConversionOptions options);

    /**
     * Converts one tensor with a preset.
     *
     * @param source any layout
     * @param target target dtype
     * @param preset the preset
     * @return the result; the caller closes it
     * @throws ConversionException as {@link #convert(Tensor, DType, ConversionOptions)}
     */
    default ConversionResult convert(Tensor source, DType target, ConversionPreset preset) {
        return convert(source, target, preset.options());
    }

    /**
     * Batch mode: converts every tensor with the same options. All tensors are validated before any is
     * converted; if a later conversion still fails, the results made so far are closed before the exception
     * propagates.
     *
     * @param sources the tensors
     * @param target target dtype
     * @param options the options
     * @return one result per source, in order; the caller closes them
     * @throws ConversionException naming the index of the first tensor that cannot be converted
     */
    List<ConversionResult> convertAll(List<? extends Tensor> sources, DType target, ConversionOptions options);

    /**
     * Streaming with bounded memory: converts {@code source} chunk by chunk (row-major order) and hands each chunk
     * to {@code sink}; at most one chunk buffer of {@code options.chunkElements()} target elements is allocated.
     * Scale passes (SCALED, QUANTIZATION_AWARE) read the source once more before the first chunk.
     *
     * @param source any layout
     * @param target target dtype
     * @param options strategy, chunk size and seed; the mode is ignored
     * @param sink receives the chunks
     * @return what was done; its tensor is null
     * @throws ConversionException if the conversion is not allowed or the sink failed
     */
    ConversionResult stream(Tensor source, DType target, ConversionOptions options, ChunkSink sink);

    /**
     * Checks a conversion without doing it (dtype pair, strategy and mode; not the values).
     *
     * @param source source dtype
     * @param target target dtype
     * @param strategy the strategy
     * @return true if {@code strategy} supports {@code source -> target}
     */
    boolean supports(DType source, DType target, ConversionStrategy strategy);

    /** @return the counters since the engine started */
    ConversionStats stats();
}
