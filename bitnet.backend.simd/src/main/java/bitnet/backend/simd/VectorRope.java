package bitnet.backend.simd;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import bitnet.api.tensor.Tensor;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Rotary position embedding, rotate-half pairing: for row {@code t}, head {@code h}, {@code i < d/2},
 * {@code angle = positions[t] * theta^(-2i/d)}, {@code out[i] = x[i] cos - x[i + d/2] sin},
 * {@code out[i + d/2] = x[i + d/2] cos + x[i] sin}.
 *
 * <p>Bit-identical to the CPU reference: the angle, its cosine and sine are computed once per row in double by the
 * same expressions, and the rotation runs in double lanes (each float vector widened to two double vectors, the
 * products and the difference rounded as the scalar double code rounds them, then narrowed to float once).
 */
final class VectorRope {
    private static final VectorSpecies<Float> S = SimdSpecies.FLOAT;
    private static final VectorSpecies<Double> D = S.withLanes(double.class);
    private static final int L = S.length();
    private static final int HALF_L = D.length();
    private static final VectorMask<Float> UPPER = VectorMask.fromLong(S, ((1L << L) - 1) & ~((1L << HALF_L) - 1));
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();

    private VectorRope() {
    }

    /**
     * @param input F32 {@code [n, heads, d]}, contiguous, {@code d} even
     * @param positions I32 {@code [n]}, contiguous
     * @param theta base frequency, positive
     * @param out F32 {@code [n, heads, d]}, contiguous; every element is written (it may not alias the input)
     */
    static void rope(Tensor input, Tensor positions, float theta, Tensor out) {
        long[] shape = input.shape();
        long n = shape[0];
        long heads = shape[1];
        int d = (int) shape[2];
        int half = d / 2;
        double[] inverseFrequency = new double[half];
        for (int i = 0; i < half; i++) {
            inverseFrequency[i] = Math.pow(theta, -2.0 * i / d);
        }
        double[] cos = new double[half];
        double[] sin = new double[half];
        MemorySegment x = input.segment();
        MemorySegment ps = positions.segment();
        MemorySegment o = out.segment();
        long previous = -1;
        for (long t = 0; t < n; t++) {
            long p = ps.getAtIndex(I, positions.offset() + t);
            if (p != previous) {
                for (int i = 0; i < half; i++) {
                    double angle = p * inverseFrequency[i];
                    cos[i] = Math.cos(angle);
                    sin[i] = Math.sin(angle);
                }
                previous = p;
            }
            for (long h = 0; h < heads; h++) {
                long row = (t * heads + h) * d;
                rotate(x, (input.offset() + row) * Float.BYTES, o, (out.offset() + row) * Float.BYTES, half, cos, sin);
            }
        }
    }

    private static void rotate(MemorySegment x, long in, MemorySegment o, long to, int half, double[] cos,
            double[] sin) {
        long second = (long) half * Float.BYTES;
        int i = 0;
        for (; i + L <= half; i += L) {
            long at = (long) i * Float.BYTES;
            FloatVector a = FloatVector.fromMemorySegment(S, x, in + at, NATIVE);
            FloatVector b = FloatVector.fromMemorySegment(S, x, in + second + at, NATIVE);
            DoubleVector a0 = (DoubleVector) a.convert(VectorOperators.F2D, 0);
            DoubleVector a1 = (DoubleVector) a.convert(VectorOperators.F2D, 1);
            DoubleVector b0 = (DoubleVector) b.convert(VectorOperators.F2D, 0);
            DoubleVector b1 = (DoubleVector) b.convert(VectorOperators.F2D, 1);
            DoubleVector c0 = DoubleVector.fromArray(D, cos, i);
            DoubleVector c1 = DoubleVector.fromArray(D, cos, i + HALF_L);
            DoubleVector s0 = DoubleVector.fromArray(D, sin, i);
            DoubleVector s1 = DoubleVector.fromArray(D, sin, i + HALF_L);
            // Each half of the lanes rounded to float once: the lower from part 0, the upper from part -1.
            FloatVector first = (FloatVector) a0.mul(c0).sub(b0.mul(s0)).convert(VectorOperators.D2F, 0);
            first = first.blend((FloatVector) a1.mul(c1).sub(b1.mul(s1)).convert(VectorOperators.D2F, -1), UPPER);
            first.intoMemorySegment(o, to + at, NATIVE);
            FloatVector last = (FloatVector) b0.mul(c0).add(a0.mul(s0)).convert(VectorOperators.D2F, 0);
            last = last.blend((FloatVector) b1.mul(c1).add(a1.mul(s1)).convert(VectorOperators.D2F, -1), UPPER);
            last.intoMemorySegment(o, to + second + at, NATIVE);
        }
        for (; i < half; i++) {
            long at = (long) i * Float.BYTES;
            double a = x.get(F, in + at);
            double b = x.get(F, in + second + at);
            o.set(F, to + at, (float) (a * cos[i] - b * sin[i]));
            o.set(F, to + second + at, (float) (b * cos[i] + a * sin[i]));
        }
    }
}
