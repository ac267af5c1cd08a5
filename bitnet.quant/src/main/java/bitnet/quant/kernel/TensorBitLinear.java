package bitnet.quant.kernel;

import java.util.concurrent.ForkJoinPool;

import bitnet.api.backend.OpCall;
import bitnet.api.tensor.Tensor;

/**
 * Runs an {@link OpCall.BitLinear} on tensors with {@link BitLinear}: converts the TERNARY weight tensor's 2-bit
 * codes (0b01 = +1, 0b10 = -1, element 0 in the low bits) into the kernel layout, or takes that layout from the
 * backend's {@link PreparedWeights}, quantizes the activations and writes the output.
 * The {@code SCALAR} kernel touches no Vector API class, so it runs on JVMs without {@code jdk.incubator.vector}.
 */
public final class TensorBitLinear {
    /** Lanes of the layout the scalar kernel gets; it reads any layout. */
    private static final int SCALAR_LANES = 16;

    private TensorBitLinear() {
    }

    /**
     * @param kernel the integer kernel to use
     * @param call the validated call (shapes as documented on the record)
     * @param prepared the backend's cache of weight layouts
     * @param pool threads for row ranges, or null with {@code threads == 1}
     * @param threads row ranges computed in parallel
     */
    public static void forward(TernaryMatMul.Kernel kernel, OpCall.BitLinear call, PreparedWeights prepared,
            ForkJoinPool pool, int threads) {
        Tensor w = call.weights();
        int rows = Math.toIntExact(w.dim(0));
        int cols = Math.toIntExact(w.dim(1));
        int lanes = kernel == TernaryMatMul.Kernel.SCALAR ? SCALAR_LANES : TernaryVectorKernel.lanes();
        TernaryMatrix matrix = prepared.get(w, call.gamma(), lanes,
                gammas -> TernaryMatrix.of(TensorPacking.trits(w), rows, cols, gammas, lanes));
        BitLinear layer = new BitLinear(matrix, call.bias() == null ? null : call.bias().toFloatArray());
        int tokens = Math.toIntExact(call.input().dim(0));
        Tensor input = call.input();
        Tensor output = call.output();
        layer.forward(kernel, input.segment(), input.offset() * Float.BYTES, tokens, output.segment(),
                output.offset() * Float.BYTES, pool, threads);
    }
}
