package bitnet.core.ops;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.List;

import bitnet.api.quant.ScaleGranularity;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.ShapeMismatchException;
import bitnet.api.tensor.Tensor;
import bitnet.api.tensor.UnsupportedDTypeException;
import bitnet.core.tensor.DenseTensor;
import bitnet.core.tensor.PooledTensorFactory;
import bitnet.quant.TernaryQuantizer;
import bitnet.quant.TernaryWeights;

/**
 * Weight quantization into platform tensors, with the formulas of {@link TernaryQuantizer}: a one-time, offline
 * step per layer, so it runs here rather than on a compute backend.
 */
final class Quantization {
    private Quantization() {
    }

    static List<Tensor> ternary(Tensor weights, boolean perChannel, PooledTensorFactory factory) {
        if (weights.dtype() != DType.F32) {
            throw new UnsupportedDTypeException("quantize_ternary accepts F32 weights, not " + weights.dtype());
        }
        if (weights.rank() != 2) {
            throw new ShapeMismatchException("quantize_ternary needs a matrix [out, in], got "
                    + Arrays.toString(weights.shape()));
        }
        int rows = Math.toIntExact(weights.dim(0));
        int cols = Math.toIntExact(weights.dim(1));
        TernaryWeights q = TernaryQuantizer.quantize(weights.toFloatArray(), rows, cols,
                perChannel ? ScaleGranularity.PER_CHANNEL : ScaleGranularity.PER_TENSOR, cols);
        DenseTensor packed = factory.allocate(DType.TERNARY, new long[] {rows, cols}, true);
        try {
            MemorySegment codes = packed.segment();
            byte[] trits = q.trits();
            // The TERNARY layout: 2-bit codes, 0b01 = +1, 0b10 = -1, four per byte, element 0 in the low bits.
            for (int i = 0; i < trits.length; i++) {
                if (trits[i] != 0) {
                    long at = i >>> 2;
                    int code = trits[i] > 0 ? 1 : 2;
                    byte old = codes.get(ValueLayout.JAVA_BYTE, at);
                    codes.set(ValueLayout.JAVA_BYTE, at, (byte) (old | code << ((i & 3) * 2)));
                }
            }
            Tensor gamma = perChannel ? factory.of(q.gammas(), rows) : factory.full(DType.F32, q.gammas()[0]);
            return List.of(packed, gamma);
        } catch (RuntimeException e) {
            packed.close();
            throw e;
        }
    }
}
