package bitnet.backend.support;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import bitnet.api.quant.QuantizationException;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;

/**
 * The check the CPU and SIMD quantizers make on their input, for backends whose devices would quantize a NaN or an
 * infinity silently: throws before anything is sent to the device.
 */
public final class FiniteInput {
    private FiniteInput() {
    }

    /**
     * @param input an F32 tensor, any layout
     * @param what names the operand in the message ("BitLinear input")
     * @throws QuantizationException naming the first non-finite element (row-major index) and its value
     */
    public static void require(Tensor input, String what) {
        if (input.dtype() != DType.F32) {
            throw new IllegalArgumentException(what + " must be F32, got " + input.dtype());
        }
        if (input.isContiguous()) {
            MemorySegment x = input.segment();
            long first = input.offset();
            for (long i = 0; i < input.size(); i++) {
                check(x.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, first + i), i, what);
            }
        } else {
            float[] v = input.toFloatArray();
            for (int i = 0; i < v.length; i++) {
                check(v[i], i, what);
            }
        }
    }

    private static void check(float v, long index, String what) {
        if (!Float.isFinite(v)) {
            throw new QuantizationException(what + " holds a non-finite value at index " + index + ": " + v);
        }
    }
}
