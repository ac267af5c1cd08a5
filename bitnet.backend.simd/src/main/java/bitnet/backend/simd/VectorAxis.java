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
 * VAR, STD and LOGSUMEXP are two-pass and run on the last axis only.
 */
final class VectorAxis {
    private static final VectorSpecies<Float> S = SimdSpecies.FLOAT;
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();

    private VectorAxis() {
    }

    /** @return true if this class has a kernel for {@code op} over {@code axis} of a contiguous tensor */
    static boolean supports(Op op, int axis, int rank) {
        return switch (op) {
            case SUM, MEAN, MIN, MAX, PROD -> true;
            case VAR, STD, LOGSUMEXP -> axis == rank - 1;
            default -> false;
        };
    }

    private static long product(long[] shape, int from, int to) {
        long p = 1;
        for (int i = from; i < to; i++) {
            p *= shape[i];
        }
        return p;
    }

    // Used by the reduction over a non-last axis. Each branch names its operator as a constant (a VectorOperators
    // value held in a variable is not intrinsified at all); the switch still costs boxing in that loop, which is
    // why the last-axis reductions have one straight loop per operator.
    private static FloatVector combine(Op op, FloatVector a, FloatVector b) {
        return switch (op) {
            case MIN -> a.min(b);
            case MAX -> a.max(b);
            case PROD -> a.mul(b);
            default -> a.add(b);
        };
    }


    private static float identity(Op op) {
        return switch (op) {
            case MIN -> Float.POSITIVE_INFINITY;
            case MAX -> Float.NEGATIVE_INFINITY;
            case PROD -> 1f;
            default -> 0f;
        };
    }

    private static float combine(Op op, float a, float b) {
        return switch (op) {
            case MIN -> Math.min(a, b);
            case MAX -> Math.max(a, b);
            case PROD -> a * b;
            default -> a + b;
        };
    }

    /**
     * {@code out[o, i] = reduce_j in[o, j, i]}.
     *
     * @param op SUM, MEAN, MIN, MAX, PROD over any axis; VAR, STD, LOGSUMEXP over the last axis
     * @param in contiguous operand
     * @param axis reduced axis
     * @param ddof VAR/STD divisor {@code max(len - ddof, 0)}
     * @param out contiguous result, {@code in}'s shape without {@code axis}
     */
    static void reduce(Op op, Tensor in, int axis, double ddof, Tensor out) {
        long[] shape = in.shape();
        long outer = product(shape, 0, axis);
        long len = shape[axis];
        long inner = product(shape, axis + 1, shape.length);
        MemorySegment is = in.segment();
        MemorySegment os = out.segment();
        long ib = in.offset() * 4;
        long ob = out.offset() * 4;
        if (len == 0) {
            float empty = switch (op) {
                case SUM -> 0f;
                case PROD -> 1f;
                case LOGSUMEXP -> Float.NEGATIVE_INFINITY;
                default -> Float.NaN;
            };
            for (long i = 0; i < outer * inner; i++) {
                os.set(F, ob + i * 4, empty);
            }
            return;
        }
        for (long o = 0; o < outer; o++) {
            long base = ib + o * len * inner * 4;
            if (inner == 1) {
                os.set(F, ob + o * 4, row(op, is, base, len, ddof));
            } else {
                strided(op, is, base, len, inner, os, ob + o * inner * 4);
            }
        }
    }

    private static float row(Op op, MemorySegment seg, long base, long n, double ddof) {
        return switch (op) {
            case SUM -> fold(Op.SUM, seg, base, n);
            case MEAN -> (float) ((double) fold(Op.SUM, seg, base, n) / n);
            case MIN, MAX, PROD -> fold(op, seg, base, n);
            case VAR, STD -> {
                float mean = (float) ((double) fold(Op.SUM, seg, base, n) / n);
                double var = squaredDeviations(seg, base, n, mean) / Math.max(n - ddof, 0);
                yield (float) (op == Op.STD ? Math.sqrt(var) : var);
            }
            case LOGSUMEXP -> logSumExp(seg, base, n);
            default -> throw new UnsupportedOperationException("simd: no kernel for " + op.id());
        };
    }

    // One straight loop per operator: with the operator chosen by a switch inside the loop, C2 keeps the vectors
    // boxed across the branches and the loop runs ten times slower than a scalar one (measured: 26 ms vs 2 ms for
    // a sum of 16M floats).
    static float fold(Op op, MemorySegment seg, long byteOffset, long n) {
        return switch (op) {
            case MIN -> foldMin(seg, byteOffset, n);
            case MAX -> foldMax(seg, byteOffset, n);
            case PROD -> foldProd(seg, byteOffset, n);
            default -> foldSum(seg, byteOffset, n);
        };
    }

    private static float foldSum(MemorySegment seg, long off, long n) {
        long bound = S.loopBound(n);
        long step = S.length();
        FloatVector acc0 = FloatVector.zero(S);
        FloatVector acc1 = FloatVector.zero(S);
        long j = 0;
        // Two accumulators halve the dependency chain.
        for (; j + step < bound; j += 2 * step) {
            acc0 = acc0.add(FloatVector.fromMemorySegment(S, seg, off + j * 4, NATIVE));
            acc1 = acc1.add(FloatVector.fromMemorySegment(S, seg, off + (j + step) * 4, NATIVE));
        }
        for (; j < bound; j += step) {
            acc0 = acc0.add(FloatVector.fromMemorySegment(S, seg, off + j * 4, NATIVE));
        }
        float s = Lanes.sum(acc0.add(acc1));
        for (; j < n; j++) {
            s += seg.get(F, off + j * 4);
        }
        return s;
    }

    private static float foldMax(MemorySegment seg, long off, long n) {
        long bound = S.loopBound(n);
        FloatVector acc = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        long j = 0;
        for (; j < bound; j += S.length()) {
            acc = acc.max(FloatVector.fromMemorySegment(S, seg, off + j * 4, NATIVE));
        }
        float s = acc.reduceLanes(VectorOperators.MAX);
        for (; j < n; j++) {
            s = Math.max(s, seg.get(F, off + j * 4));
        }
        return s;
    }

    private static float foldMin(MemorySegment seg, long off, long n) {
        long bound = S.loopBound(n);
        FloatVector acc = FloatVector.broadcast(S, Float.POSITIVE_INFINITY);
        long j = 0;
        for (; j < bound; j += S.length()) {
            acc = acc.min(FloatVector.fromMemorySegment(S, seg, off + j * 4, NATIVE));
        }
        float s = acc.reduceLanes(VectorOperators.MIN);
        for (; j < n; j++) {
            s = Math.min(s, seg.get(F, off + j * 4));
        }
        return s;
    }

    private static float foldProd(MemorySegment seg, long off, long n) {
        long bound = S.loopBound(n);
        FloatVector acc = FloatVector.broadcast(S, 1f);
        long j = 0;
        for (; j < bound; j += S.length()) {
            acc = acc.mul(FloatVector.fromMemorySegment(S, seg, off + j * 4, NATIVE));
        }
        float s = acc.reduceLanes(VectorOperators.MUL);
        for (; j < n; j++) {
            s *= seg.get(F, off + j * 4);
        }
        return s;
    }

    private static double squaredDeviations(MemorySegment seg, long base, long n, float mean) {
        long bound = S.loopBound(n);
        FloatVector acc = FloatVector.zero(S);
        long j = 0;
        for (; j < bound; j += S.length()) {
            FloatVector d = FloatVector.fromMemorySegment(S, seg, base + j * 4, NATIVE).sub(mean);
            acc = d.fma(d, acc);
        }
        double s = Lanes.sum(acc);
        for (; j < n; j++) {
            double d = seg.get(F, base + j * 4) - mean;
            s += d * d;
        }
        return s;
    }

    private static float logSumExp(MemorySegment seg, long base, long n) {
        float max = maxWithNaN(seg, base, n);
        if (Float.isNaN(max) || Float.isInfinite(max)) {
            return max;
        }
        return (float) (max + Math.log(sumExp(seg, base, n, max, null, 0)));
    }

    private static float maxWithNaN(MemorySegment seg, long base, long n) {
        return fold(Op.MAX, seg, base, n);
    }

    // sum(exp(x - max)); when `out` is given, also writes exp(x - max) there.
    private static float sumExp(MemorySegment seg, long base, long n, float max, MemorySegment out, long outBase) {
        long bound = S.loopBound(n);
        FloatVector vsum = FloatVector.zero(S);
        long j = 0;
        for (; j < bound; j += S.length()) {
            FloatVector e = Exp.exp(FloatVector.fromMemorySegment(S, seg, base + j * 4, NATIVE).sub(max));
            if (out != null) {
                e.intoMemorySegment(out, outBase + j * 4, NATIVE);
            }
            vsum = vsum.add(e);
        }
        float sum = Lanes.sum(vsum);
        for (; j < n; j++) {
            float e = Exp.exp(seg.get(F, base + j * 4) - max);
            if (out != null) {
                out.set(F, outBase + j * 4, e);
            }
            sum += e;
        }
        return sum;
    }

    private static void strided(Op op, MemorySegment is, long base, long len, long inner, MemorySegment os, long ob) {
        float id = identity(op);
        boolean mean = op == Op.MEAN;
        float scale = 1f / len;
        long bound = S.loopBound(inner);
        long i = 0;
        for (; i < bound; i += S.length()) {
            FloatVector acc = FloatVector.broadcast(S, id);
            for (long j = 0; j < len; j++) {
                acc = combine(op, acc, FloatVector.fromMemorySegment(S, is, base + (j * inner + i) * 4, NATIVE));
            }
            (mean ? acc.mul(scale) : acc).intoMemorySegment(os, ob + i * 4, NATIVE);
        }
        for (; i < inner; i++) {
            float s = id;
            for (long j = 0; j < len; j++) {
                s = combine(op, s, is.get(F, base + (j * inner + i) * 4));
            }
            os.set(F, ob + i * 4, mean ? s * scale : s);
        }
    }

    /**
     * Softmax or log-softmax along the last axis, per row.
     *
     * @param log true for log-softmax ({@code x - max - log(sum(exp(x - max)))})
     * @param in contiguous operand
     * @param out contiguous result of the same shape
     */
    static void softmaxLastAxis(boolean log, Tensor in, Tensor out) {
        long[] shape = in.shape();
        long n = shape.length == 0 ? 1 : shape[shape.length - 1];
        long rows = n == 0 ? 0 : in.size() / n;
        MemorySegment is = in.segment();
        MemorySegment os = out.segment();
        long bound = S.loopBound(n);
        for (long r = 0; r < rows; r++) {
            long ib = (in.offset() + r * n) * 4;
            long ob = (out.offset() + r * n) * 4;
            float max = maxWithNaN(is, ib, n);
            float sum = sumExp(is, ib, n, max, log ? null : os, ob);
            // log-softmax subtracts max first (exact for values near it), then log(sum): one rounding less than
            // subtracting their float sum, which matters when |x| is large.
            float scale = log ? (float) Math.log(sum) : 1f / sum;
            long j = 0;
            for (; j < bound; j += S.length()) {
                FloatVector v = log ? FloatVector.fromMemorySegment(S, is, ib + j * 4, NATIVE).sub(max).sub(scale)
                        : FloatVector.fromMemorySegment(S, os, ob + j * 4, NATIVE).mul(scale);
                v.intoMemorySegment(os, ob + j * 4, NATIVE);
            }
            for (; j < n; j++) {
                os.set(F, ob + j * 4, log ? is.get(F, ib + j * 4) - max - scale : os.get(F, ob + j * 4) * scale);
            }
        }
    }

    /**
     * RMSNorm ({@code x / sqrt(mean(x^2) + eps) * w}) or LayerNorm ({@code (x - mean) / sqrt(var + eps) * w + b})
     * over the last axis.
     *
     * @param op RMS_NORM or LAYER_NORM
     * @param in contiguous operand
     * @param weight contiguous {@code [d]} or null
     * @param bias contiguous {@code [d]} or null
     * @param eps added under the square root
     * @param out contiguous result
     */
    static void norm(Op op, Tensor in, Tensor weight, Tensor bias, float eps, Tensor out) {
        long n = in.dim(-1);
        long rows = n == 0 ? 0 : in.size() / n;
        MemorySegment is = in.segment();
        MemorySegment os = out.segment();
        MemorySegment ws = weight == null ? null : weight.segment();
        MemorySegment bs = bias == null ? null : bias.segment();
        long wb = weight == null ? 0 : weight.offset() * 4;
        long bb = bias == null ? 0 : bias.offset() * 4;
        long bound = S.loopBound(n);
        for (long r = 0; r < rows; r++) {
            long ib = (in.offset() + r * n) * 4;
            long ob = (out.offset() + r * n) * 4;
            float mean = op == Op.LAYER_NORM ? (float) ((double) fold(Op.SUM, is, ib, n) / n) : 0f;
            float inv = (float) (1 / Math.sqrt(squaredDeviations(is, ib, n, mean) / n + eps));
            long j = 0;
            for (; j < bound; j += S.length()) {
                FloatVector v = FloatVector.fromMemorySegment(S, is, ib + j * 4, NATIVE).sub(mean).mul(inv);
                if (ws != null) {
                    v = v.mul(FloatVector.fromMemorySegment(S, ws, wb + j * 4, NATIVE));
                }
                if (bs != null) {
                    v = v.add(FloatVector.fromMemorySegment(S, bs, bb + j * 4, NATIVE));
                }
                v.intoMemorySegment(os, ob + j * 4, NATIVE);
            }
            for (; j < n; j++) {
                float v = (is.get(F, ib + j * 4) - mean) * inv;
                if (ws != null) {
                    v *= ws.get(F, wb + j * 4);
                }
                if (bs != null) {
                    v += bs.get(F, bb + j * 4);
                }
                os.set(F, ob + j * 4, v);
            }
        }
    }
}
