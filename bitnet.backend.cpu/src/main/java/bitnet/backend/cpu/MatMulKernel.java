package bitnet.backend.cpu;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import bitnet.api.tensor.Tensor;

/**
 * Reference F32 batched matrix product {@code out[b,i,j] = sum_p a[b,i,p] * b[b,p,j]}, accumulated in double.
 * Operands may have any strides (0 for broadcast batches); {@code out} is contiguous and written completely.
 */
final class MatMulKernel {
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private MatMulKernel() {
    }

    /**
     * @param a {@code [batch, m, k]}
     * @param b {@code [batch, k, n]}
     * @param out {@code [batch, m, n]}, contiguous
     */
    static void matmul(Tensor a, Tensor b, Tensor out) {
        long[] as = a.shape();
        long batches = as[0];
        long m = as[1];
        long k = as[2];
        long n = b.shape()[2];
        long[] sa = a.strides();
        long[] sb = b.strides();
        MemorySegment A = a.segment();
        MemorySegment B = b.segment();
        MemorySegment C = out.segment();
        double[] acc = new double[(int) n];
        long o = out.offset();
        long as1 = sa[1];
        long as2 = sa[2];
        long bs1 = sb[1];
        long bs2 = sb[2];
        for (long t = 0; t < batches; t++) {
            long aBase = a.offset() + t * sa[0];
            long bBase = b.offset() + t * sb[0];
            for (long i = 0; i < m; i++) {
                java.util.Arrays.fill(acc, 0);
                // i-p-j order walks b by rows, which are contiguous in the common case.
                for (long p = 0; p < k; p++) {
                    double aip = A.getAtIndex(F, aBase + i * as1 + p * as2);
                    long bj = bBase + p * bs1;
                    for (int j = 0; j < acc.length; j++, bj += bs2) {
                        acc[j] += aip * B.getAtIndex(F, bj);
                    }
                }
                for (int j = 0; j < n; j++) {
                    C.setAtIndex(F, o++, (float) acc[j]);
                }
            }
        }
    }
}
