package bitnet.api.convert;

import org.osgi.annotation.versioning.ConsumerType;

import bitnet.api.tensor.Tensor;

/** Receives the chunks of a streaming conversion, in order. */
@ConsumerType
@FunctionalInterface
public interface ChunkSink {
    /**
     * Called once per chunk. The chunk is a rank-1 tensor of the target dtype owned by the engine: it is valid
     * only during this call and its memory is reused for the next chunk, so copy what must outlive the call and
     * do not close it.
     *
     * @param chunk converted elements
     * @param firstElement row-major index of the chunk's first element in the source
     * @throws Exception to abort the conversion; the engine rethrows it wrapped in a {@link ConversionException}
     */
    void accept(Tensor chunk, long firstElement) throws Exception;
}
