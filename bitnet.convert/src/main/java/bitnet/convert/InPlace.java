package bitnet.convert;

import bitnet.api.convert.ConversionException;
import bitnet.api.convert.ConversionStrategy;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Slice;
import bitnet.api.tensor.Tensor;

/**
 * In-place conversion: target element {@code i} is stored at byte {@code base + i * targetBits / 8}, never past
 * source element {@code i}'s first byte, and tiles are read before they are written, so elements are consumed
 * before they are overwritten (see {@link Converter#run}).
 */
final class InPlace {
    private InPlace() {
    }

    static void check(Tensor source, DType target, ConversionStrategy strategy) {
        DType from = source.dtype();
        if (target.bitsPerElement() > from.bitsPerElement()) {
            throw new ConversionException(from, target, strategy, "in-place needs a target element no larger than "
                    + "the source's (" + target.bitsPerElement() + " > " + from.bitsPerElement()
                    + " bits); use COPY or STREAMING");
        }
        if (!source.isContiguous()) {
            throw new ConversionException(from, target, strategy, "in-place needs a contiguous source; call "
                    + "contiguous() first or use COPY");
        }
        if (from == DType.TERNARY && (source.offset() & 3) != 0) {
            throw new ConversionException(from, target, strategy, "in-place needs a TERNARY view starting on a "
                    + "byte boundary (offset a multiple of 4)");
        }
    }

    /**
     * Converts the source's elements into its own memory and returns them as a tensor of the target dtype over
     * that memory: the source's bytes seen as the target dtype ({@link Tensor#view(DType)}), the first
     * {@code size} elements, in the source's shape.
     */
    static Tensor run(Tensor source, DType target, Plan plan) {
        long n = source.size();
        try (Tensor flat = source.reshape(-1); Tensor bytes = flat.view(target);
                Tensor head = bytes.slice(Slice.range(0, n))) {
            if (n > 0) {
                Converter.run(plan, new SourceWalk(source), 0, n, bytes.segment(), bytes.offset(),
                        new double[Converter.TILE]);
            }
            return head.reshape(source.shape());
        }
    }
}
