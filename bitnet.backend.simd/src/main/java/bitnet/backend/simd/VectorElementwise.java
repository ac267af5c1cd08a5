package bitnet.backend.simd;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import bitnet.api.ops.Op;
import bitnet.api.tensor.Tensor;
import bitnet.backend.support.RowCursor;
import bitnet.backend.support.ScalarOps;
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
    private static final float SQRT_2_OVER_PI = (float) Math.sqrt(2 / Math.PI);

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
                float v = ScalarOps.binary(op, as.get(F, ia), bs.get(F, ib));
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
            apply(op, x, y).intoMemorySegment(os, io + off, NATIVE);
        }
        for (; j < n; j++) {
            long off = j * 4;
            float x = as.get(F, aScalar ? ia : ia + off);
            float y = bs.get(F, bScalar ? ib : ib + off);
            os.set(F, io + off, ScalarOps.binary(op, x, y));
        }
    }

    private static FloatVector apply(Op op, FloatVector x, FloatVector y) {
        return switch (op) {
            case ADD -> x.add(y);
            case SUB -> x.sub(y);
            case MUL -> x.mul(y);
            case DIV -> x.div(y);
            case POW -> x.lanewise(VectorOperators.POW, y);
            case MAXIMUM -> x.max(y);
            case MINIMUM -> x.min(y);
            case EQ -> mask(x.compare(VectorOperators.EQ, y));
            case NE -> mask(x.compare(VectorOperators.NE, y));
            case LT -> mask(x.compare(VectorOperators.LT, y));
            case LE -> mask(x.compare(VectorOperators.LE, y));
            case GT -> mask(x.compare(VectorOperators.GT, y));
            case GE -> mask(x.compare(VectorOperators.GE, y));
            default -> throw new UnsupportedOperationException("simd: " + op.id() + " is not a binary operation");
        };
    }

    private static FloatVector mask(jdk.incubator.vector.VectorMask<Float> m) {
        return FloatVector.zero(S).blend(1f, m);
    }


    /**
     * {@code out = f(in)} element-wise: NEG, ABS, SQRT, RSQRT, EXP, LOG, RELU ({@code max(x, 0)}, NaN kept),
     * RELU2, GELU (exact form, {@code 0.5 x erfc(-x / sqrt 2)}, erfc by the same Chebyshev fit as the CPU
     * reference), GELU_TANH, SILU, SIGMOID, TANH. EXP, LOG, TANH and POW use the Vector API's
     * transcendental lanes (within a few ulps of {@link Math}).
     *
     * @param op the operation
     * @param in operand with row stride 1
     * @param out result with row stride 1
     */
    static void unary(Op op, Tensor in, Tensor out) {
        MemorySegment is = in.segment();
        MemorySegment os = out.segment();
        RowCursor rows = new RowCursor(out.shape(), in, out);
        long n = rows.rowLength();
        long bound = S.loopBound(n);
        for (long r = 0; r < rows.rows(); r++, rows.advance()) {
            long ii = rows.offset(0) * 4;
            long io = rows.offset(1) * 4;
            long j = 0;
            for (; j < bound; j += S.length()) {
                apply(op, FloatVector.fromMemorySegment(S, is, ii + j * 4, NATIVE)).intoMemorySegment(os, io + j * 4,
                        NATIVE);
            }
            for (; j < n; j++) {
                os.set(F, io + j * 4, ScalarOps.unary(op, is.get(F, ii + j * 4)));
            }
        }
    }

    private static FloatVector apply(Op op, FloatVector x) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        return switch (op) {
            case NEG -> x.neg();
            case ABS -> x.abs();
            case SQRT -> x.sqrt();
            case RSQRT -> one.div(x.sqrt());
            case EXP -> x.lanewise(VectorOperators.EXP);
            case LOG -> x.lanewise(VectorOperators.LOG);
            case RELU -> relu(x);
            case RELU2 -> relu(x).mul(relu(x));
            case GELU -> gelu(x);
            case GELU_TANH -> x.mul(x).mul(x).mul(0.044715f).add(x).mul(SQRT_2_OVER_PI)
                    .lanewise(VectorOperators.TANH).add(1f).mul(x).mul(0.5f);
            case SILU -> x.div(one.add(x.neg().lanewise(VectorOperators.EXP)));
            case SIGMOID -> one.div(one.add(x.neg().lanewise(VectorOperators.EXP)));
            case TANH -> x.lanewise(VectorOperators.TANH);
            default -> throw new UnsupportedOperationException("simd: " + op.id() + " is not a unary operation");
        };
    }

    // NaN compares false, so it is kept; -0.0 <= 0 becomes +0.0 as in NumPy.
    private static FloatVector relu(FloatVector x) {
        return x.blend(0f, x.compare(VectorOperators.LE, 0f));
    }


    /**
     * {@code out = min(max(in, lo), hi)}, a NaN bound being absent.
     *
     * @param in operand, row stride 1
     * @param lo lower bound or NaN
     * @param hi upper bound or NaN
     * @param out result
     */
    static void clamp(Tensor in, float lo, float hi, Tensor out) {
        MemorySegment is = in.segment();
        MemorySegment os = out.segment();
        RowCursor rows = new RowCursor(out.shape(), in, out);
        long n = rows.rowLength();
        long bound = S.loopBound(n);
        float low = Float.isNaN(lo) ? Float.NEGATIVE_INFINITY : lo;
        float high = Float.isNaN(hi) ? Float.POSITIVE_INFINITY : hi;
        for (long r = 0; r < rows.rows(); r++, rows.advance()) {
            long ii = rows.offset(0) * 4;
            long io = rows.offset(1) * 4;
            long j = 0;
            for (; j < bound; j += S.length()) {
                FloatVector.fromMemorySegment(S, is, ii + j * 4, NATIVE).max(low).min(high)
                        .intoMemorySegment(os, io + j * 4, NATIVE);
            }
            for (; j < n; j++) {
                os.set(F, io + j * 4, Math.min(Math.max(is.get(F, ii + j * 4), low), high));
            }
        }
    }

    /**
     * {@code out = mask != 0 ? x : y}; operands broadcast to {@code out}'s shape with row stride 0 or 1.
     *
     * @param mask selector
     * @param x chosen where the mask is nonzero
     * @param y chosen elsewhere
     * @param out result, row stride 1
     */
    static void where(Tensor mask, Tensor x, Tensor y, Tensor out) {
        MemorySegment ms = mask.segment();
        MemorySegment xs = x.segment();
        MemorySegment ys = y.segment();
        MemorySegment os = out.segment();
        RowCursor rows = new RowCursor(out.shape(), mask, x, y, out);
        long n = rows.rowLength();
        long bound = S.loopBound(n);
        long sm = rows.innerStride(0) * 4;
        long sx = rows.innerStride(1) * 4;
        long sy = rows.innerStride(2) * 4;
        for (long r = 0; r < rows.rows(); r++, rows.advance()) {
            long im = rows.offset(0) * 4;
            long ix = rows.offset(1) * 4;
            long iy = rows.offset(2) * 4;
            long io = rows.offset(3) * 4;
            long j = 0;
            for (; j < bound; j += S.length()) {
                FloatVector m = load(ms, im, sm, j);
                load(ys, iy, sy, j).blend(load(xs, ix, sx, j), m.compare(VectorOperators.NE, 0f))
                        .intoMemorySegment(os, io + j * 4, NATIVE);
            }
            for (; j < n; j++) {
                float v = ms.get(F, im + j * sm) != 0 ? xs.get(F, ix + j * sx) : ys.get(F, iy + j * sy);
                os.set(F, io + j * 4, v);
            }
        }
    }

    // A row stride of 0 (in bytes) means a broadcast scalar.
    private static FloatVector load(MemorySegment seg, long base, long strideBytes, long j) {
        return strideBytes == 0 ? FloatVector.broadcast(S, seg.get(F, base))
                : FloatVector.fromMemorySegment(S, seg, base + j * 4, NATIVE);
    }

    static FloatVector gelu(FloatVector x) {
        return x.mul(0.5f).mul(erfc(x.mul(-SQRT_HALF)));
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
}
