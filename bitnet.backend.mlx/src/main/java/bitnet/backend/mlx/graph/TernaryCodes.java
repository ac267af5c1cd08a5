package bitnet.backend.mlx.graph;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Decodes a TERNARY tensor's 2-bit codes ({@code 01 = +1}, {@code 10 = -1}, {@code 00 = 0}; element {@code i} in
 * byte {@code i / 4} at bit {@code 2 * (i % 4)}) into int8, transposed to {@code [in, out]} so that BitLinear is one
 * {@code mlx_matmul(x_q, W^T)} without a transpose in the graph. MLX has no 2-bit type, and its matmul needs a
 * floating type, so the int8 copy is uploaded once per call and cast to float32 on the GPU.
 */
public final class TernaryCodes {
    private TernaryCodes() {
    }

    /**
     * @param codes the packed codes of a contiguous {@code [out, in]} weight matrix
     * @param out rows
     * @param in columns
     * @param target receives {@code in * out} signed bytes, {@code target[k * out + r] = W[r, k]}
     */
    public static void decodeTransposed(MemorySegment codes, int out, int in, MemorySegment target) {
        for (int r = 0; r < out; r++) {
            for (int k = 0; k < in; k++) {
                long i = (long) r * in + k;
                int code = (codes.get(ValueLayout.JAVA_BYTE, i >>> 2) >>> ((int) (i & 3) * 2)) & 3;
                target.set(ValueLayout.JAVA_BYTE, (long) k * out + r, (byte) (code == 1 ? 1 : code == 2 ? -1 : 0));
            }
        }
    }
}
