package bitnet.backend.simd;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import bitnet.api.ops.Op;
import bitnet.api.tensor.Tensor;
import bitnet.backend.support.RowCursor;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Element-wise F32 kernels. Rows (the last axis) are processed with vectors when each operand's row is
 * contiguous (stride 1) or broadcast (stride 0); other rows use the scalar loop beside it.
 */
final class VectorElementwise {
    private static final VectorSpecies<Float> S = SimdSpecies.FLOAT;
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();
    private static final float SQRT_HALF = (float) Math.sqrt(0.5);

    private VectorElementwise() {
    }

    /** @return true if every operand's last-axis stride is 0 or 1 */
    static boolean rowsVectorizable(Tensor... operands) {
        for (Tensor t : operands) {
            if (t.rank() > 0) {
                long s = t.strides()[t.rank() - 1];
                if (s != 0 && s != 1) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * {@code out = a (op) b} element-wise.
     *
     * @param op ADD, SUB, MUL or DIV
     * @param a left operand, broadcast to {@code out}'s shape, row stride 0 or 1
     * @param b right operand, broadcast to {@code out}'s shape, row stride 0 or 1
     * @param out result, row stride 1
     */
    static void binary(Op op, Tensor a, Tensor b, Tensor out) {
        MemorySegment as = a.segment();
        MemorySegment bs = b.segment();
        MemorySegment os = out.segment();
        RowCursor rows = new RowCursor(out.shape(), a, b, out);
        long n = rows.rowLength();
        boolean aScalar = rows.innerStride(0) == 0;
        boolean bScalar = rows.innerStride(1) == 0;
        for (long r = 0; r < rows.rows(); r++, rows.advance()) {
            long ia = rows.offset(0) * 4;
            long ib = rows.offset(1) * 4;
            long io = rows.offset(2) * 4;
            if (aScalar && bScalar) {
                float v = apply(op, as.get(F, ia), bs.get(F, ib));
                for (long j = 0; j < n; j++) {
                    os.set(F, io + j * 4, v);
                }
            } else {
                row(op, as, ia, aScalar, bs, ib, bScalar, os, io, n);
            }
        }
    }

    private static void row(Op op, MemorySegment as, long ia, boolean aScalar, MemorySegment bs, long ib,
            boolean bScalar, MemorySegment os, long io, long n) {
        long bound = S.loopBound(n);
        FloatVector va = aScalar ? FloatVector.broadcast(S, as.get(F, ia)) : null;
        FloatVector vb = bScalar ? FloatVector.broadcast(S, bs.get(F, ib)) : null;
        long j = 0;
        for (; j < bound; j += S.length()) {
            long off = j * 4;
            FloatVector x = aScalar ? va : FloatVector.fromMemorySegment(S, as, ia + off, NATIVE);
            FloatVector y = bScalar ? vb : FloatVector.fromMemorySegment(S, bs, ib + off, NATIVE);
            FloatVector v = switch (op) {
                case ADD -> x.add(y);
                case SUB -> x.sub(y);
                case MUL -> x.mul(y);
                case DIV -> x.div(y);
                default -> throw new UnsupportedOperationException("simd: " + op.id() + " is not element-wise");
            };
            v.intoMemorySegment(os, io + off, NATIVE);
        }
        for (; j < n; j++) {
            long off = j * 4;
            float x = as.get(F, aScalar ? ia : ia + off);
            float y = bs.get(F, bScalar ? ib : ib + off);
            os.set(F, io + off, apply(op, x, y));
        }
    }

    private static float apply(Op op, float x, float y) {
        return switch (op) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> x / y;
            default -> throw new UnsupportedOperationException("simd: " + op.id() + " is not element-wise");
        };
    }

    /**
     * {@code out = f(in)} element-wise for RELU ({@code max(x, 0)}, NaN kept) and GELU (exact form,
     * {@code 0.5 x erfc(-x / sqrt 2)}, erfc by the same Chebyshev fit as the CPU reference).
     *
     * @param op RELU or GELU
     * @param in operand with row stride 1
     * @param out result with row stride 1
     */
    static void unary(Op op, Tensor in, Tensor out) {
        MemorySegment is = in.segment();
        MemorySegment os = out.segment();
        RowCursor rows = new RowCursor(out.shape(), in, out);
        long n = rows.rowLength();
        long bound = S.loopBound(n);
        FloatVector zero = FloatVector.zero(S);
        for (long r = 0; r < rows.rows(); r++, rows.advance()) {
            long ii = rows.offset(0) * 4;
            long io = rows.offset(1) * 4;
            long j = 0;
            for (; j < bound; j += S.length()) {
                FloatVector x = FloatVector.fromMemorySegment(S, is, ii + j * 4, NATIVE);
                FloatVector v = op == Op.RELU
                        ? x.blend(zero, x.compare(VectorOperators.LE, 0f))
                        : gelu(x);
                v.intoMemorySegment(os, io + j * 4, NATIVE);
            }
            for (; j < n; j++) {
                float x = is.get(F, ii + j * 4);
                os.set(F, io + j * 4, op == Op.RELU ? (x > 0 || Float.isNaN(x) ? x : 0f) : gelu(x));
            }
        }
    }

    static FloatVector gelu(FloatVector x) {
        return x.mul(0.5f).mul(erfc(x.mul(-SQRT_HALF)));
    }

    static float gelu(float x) {
        return 0.5f * x * erfc(-x * SQRT_HALF);
    }

    // Numerical Recipes erfcc in float lanes: fractional error below 1.2e-7 before float rounding.
    private static FloatVector erfc(FloatVector x) {
        FloatVector z = x.abs();
        FloatVector t = z.mul(0.5f).add(1f);
        t = FloatVector.broadcast(S, 1f).div(t);
        FloatVector poly = t.mul(0.17087277f).add(-0.82215223f);
        poly = poly.mul(t).add(1.48851587f);
        poly = poly.mul(t).add(-1.13520398f);
        poly = poly.mul(t).add(0.27886807f);
        poly = poly.mul(t).add(-0.18628806f);
        poly = poly.mul(t).add(0.09678418f);
        poly = poly.mul(t).add(0.37409196f);
        poly = poly.mul(t).add(1.00002368f);
        poly = poly.mul(t).add(-1.26551223f);
        FloatVector ans = t.mul(poly.sub(z.mul(z)).lanewise(VectorOperators.EXP));
        return ans.blend(FloatVector.broadcast(S, 2f).sub(ans), x.compare(VectorOperators.LT, 0f));
    }

    private static float erfc(float x) {
        float z = Math.abs(x);
        float t = 1f / (1f + 0.5f * z);
        float poly = t * 0.17087277f - 0.82215223f;
        poly = poly * t + 1.48851587f;
        poly = poly * t - 1.13520398f;
        poly = poly * t + 0.27886807f;
        poly = poly * t - 0.18628806f;
        poly = poly * t + 0.09678418f;
        poly = poly * t + 0.37409196f;
        poly = poly * t + 1.00002368f;
        poly = poly * t - 1.26551223f;
        float ans = t * (float) Math.exp(poly - z * z);
        return x >= 0 ? ans : 2f - ans;
    }
}
