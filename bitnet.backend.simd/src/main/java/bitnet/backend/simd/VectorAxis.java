package bitnet.backend.simd;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import bitnet.api.ops.Op;
import bitnet.api.tensor.Tensor;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Kernels along one axis of a contiguous F32 tensor viewed as {@code [outer, len, inner]}.
 *
 * <p>Sums accumulate in float vector lanes (the last axis: one accumulator per lane, summed once at the end;
 * other axes: one vector of partial sums per output chunk). The error bound of such a sum of {@code n} terms is
 * {@code n * 2^-24 * sum|x|}; tests compare against the double-accumulating CPU reference with that bound.
 */
final class VectorAxis {
    private static final VectorSpecies<Float> S = SimdSpecies.FLOAT;
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();

    private VectorAxis() {
    }

    private static long product(long[] shape, int from, int to) {
        long p = 1;
        for (int i = from; i < to; i++) {
            p *= shape[i];
        }
        return p;
    }

    /**
     * {@code out[o, i] = sum_j in[o, j, i]} (divided by {@code len} for MEAN; NaN when {@code len} is 0).
     *
     * @param op SUM or MEAN
     * @param in contiguous operand
     * @param axis reduced axis
     * @param out contiguous result, {@code in}'s shape without {@code axis}
     */
    static void reduce(Op op, Tensor in, int axis, Tensor out) {
        long[] shape = in.shape();
        long outer = product(shape, 0, axis);
        long len = shape[axis];
        long inner = product(shape, axis + 1, shape.length);
        MemorySegment is = in.segment();
        MemorySegment os = out.segment();
        long ib = in.offset() * 4;
        long ob = out.offset() * 4;
        if (len == 0) {
            os.asSlice(ob, outer * inner * 4).fill((byte) 0);
            if (op == Op.MEAN) {
                for (long i = 0; i < outer * inner; i++) {
                    os.set(F, ob + i * 4, Float.NaN);
                }
            }
            return;
        }
        float scale = op == Op.MEAN ? 1f / len : 1f;
        for (long o = 0; o < outer; o++) {
            long base = ib + o * len * inner * 4;
            if (inner == 1) {
                float s = sumContiguous(is, base, len);
                os.set(F, ob + o * 4, op == Op.MEAN ? (float) ((double) s / len) : s);
            } else {
                sumStrided(is, base, len, inner, os, ob + o * inner * 4, scale, op == Op.MEAN);
            }
        }
    }

    static float sumContiguous(MemorySegment seg, long byteOffset, long n) {
        long bound = S.loopBound(n);
        FloatVector acc0 = FloatVector.zero(S);
        FloatVector acc1 = FloatVector.zero(S);
        long step = S.length();
        long j = 0;
        // Two accumulators halve the dependency chain on the adds.
        for (; j + step < bound; j += 2 * step) {
            acc0 = acc0.add(FloatVector.fromMemorySegment(S, seg, byteOffset + j * 4, NATIVE));
            acc1 = acc1.add(FloatVector.fromMemorySegment(S, seg, byteOffset + (j + step) * 4, NATIVE));
        }
        for (; j < bound; j += step) {
            acc0 = acc0.add(FloatVector.fromMemorySegment(S, seg, byteOffset + j * 4, NATIVE));
        }
        float s = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        for (; j < n; j++) {
            s += seg.get(F, byteOffset + j * 4);
        }
        return s;
    }

    private static void sumStrided(MemorySegment is, long base, long len, long inner, MemorySegment os, long ob,
            float scale, boolean mean) {
        long bound = S.loopBound(inner);
        long i = 0;
        for (; i < bound; i += S.length()) {
            FloatVector acc = FloatVector.zero(S);
            for (long j = 0; j < len; j++) {
                acc = acc.add(FloatVector.fromMemorySegment(S, is, base + (j * inner + i) * 4, NATIVE));
            }
            (mean ? acc.mul(scale) : acc).intoMemorySegment(os, ob + i * 4, NATIVE);
        }
        for (; i < inner; i++) {
            float s = 0;
            for (long j = 0; j < len; j++) {
                s += is.get(F, base + (j * inner + i) * 4);
            }
            os.set(F, ob + i * 4, mean ? s * scale : s);
        }
    }

    /**
     * Softmax along the last axis: {@code out = exp(x - max) / sum(exp(x - max))} per row.
     *
     * @param in contiguous operand
     * @param out contiguous result of the same shape
     */
    static void softmaxLastAxis(Tensor in, Tensor out) {
        long[] shape = in.shape();
        long n = shape.length == 0 ? 1 : shape[shape.length - 1];
        long rows = n == 0 ? 0 : in.size() / n;
        MemorySegment is = in.segment();
        MemorySegment os = out.segment();
        long bound = S.loopBound(n);
        for (long r = 0; r < rows; r++) {
            long ib = (in.offset() + r * n) * 4;
            long ob = (out.offset() + r * n) * 4;
            FloatVector vmax = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
            long j = 0;
            for (; j < bound; j += S.length()) {
                vmax = vmax.max(FloatVector.fromMemorySegment(S, is, ib + j * 4, NATIVE));
            }
            float max = vmax.reduceLanes(VectorOperators.MAX);
            for (; j < n; j++) {
                float v = is.get(F, ib + j * 4);
                max = Float.isNaN(v) || v > max ? v : max;
            }
            FloatVector vm = FloatVector.broadcast(S, max);
            FloatVector vsum = FloatVector.zero(S);
            j = 0;
            for (; j < bound; j += S.length()) {
                FloatVector e = FloatVector.fromMemorySegment(S, is, ib + j * 4, NATIVE).sub(vm)
                        .lanewise(VectorOperators.EXP);
                e.intoMemorySegment(os, ob + j * 4, NATIVE);
                vsum = vsum.add(e);
            }
            float sum = vsum.reduceLanes(VectorOperators.ADD);
            for (; j < n; j++) {
                float e = (float) Math.exp(is.get(F, ib + j * 4) - max);
                os.set(F, ob + j * 4, e);
                sum += e;
            }
            float inv = 1f / sum;
            j = 0;
            for (; j < bound; j += S.length()) {
                FloatVector.fromMemorySegment(S, os, ob + j * 4, NATIVE).mul(inv).intoMemorySegment(os, ob + j * 4,
                        NATIVE);
            }
            for (; j < n; j++) {
                os.set(F, ob + j * 4, os.get(F, ob + j * 4) * inv);
            }
        }
    }
}
