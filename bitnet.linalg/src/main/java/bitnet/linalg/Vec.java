package bitnet.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Level-1 kernels on contiguous stretches of {@code double[]}: dot, axpy, fused double axpy, scaling. Each vector
 * kernel has a scalar reference beside it ({@code ...Scalar}) that tests compare it against.
 */
final class Vec {
    static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();

    private Vec() {
    }

    /** @return sum over t < len of x[xo + t] * y[yo + t] */
    static double dot(double[] x, int xo, double[] y, int yo, int len) {
        DoubleVector acc0 = DoubleVector.zero(SPECIES);
        DoubleVector acc1 = DoubleVector.zero(SPECIES);
        int t = 0;
        int bound2 = len - 2 * LANES + 1;
        for (; t < bound2; t += 2 * LANES) {
            acc0 = DoubleVector.fromArray(SPECIES, x, xo + t).fma(DoubleVector.fromArray(SPECIES, y, yo + t), acc0);
            acc1 = DoubleVector.fromArray(SPECIES, x, xo + t + LANES)
                    .fma(DoubleVector.fromArray(SPECIES, y, yo + t + LANES), acc1);
        }
        int bound = SPECIES.loopBound(len);
        for (; t < bound; t += LANES) {
            acc0 = DoubleVector.fromArray(SPECIES, x, xo + t).fma(DoubleVector.fromArray(SPECIES, y, yo + t), acc0);
        }
        double sum = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        for (; t < len; t++) {
            sum += x[xo + t] * y[yo + t];
        }
        return sum;
    }

    static double dotScalar(double[] x, int xo, double[] y, int yo, int len) {
        double sum = 0;
        for (int t = 0; t < len; t++) {
            sum += x[xo + t] * y[yo + t];
        }
        return sum;
    }

    /** y[yo + t] += alpha * x[xo + t] for t < len. */
    static void axpy(double alpha, double[] x, int xo, double[] y, int yo, int len) {
        DoubleVector a = DoubleVector.broadcast(SPECIES, alpha);
        int t = 0;
        int bound = SPECIES.loopBound(len);
        for (; t < bound; t += LANES) {
            DoubleVector.fromArray(SPECIES, x, xo + t).fma(a, DoubleVector.fromArray(SPECIES, y, yo + t))
                    .intoArray(y, yo + t);
        }
        for (; t < len; t++) {
            y[yo + t] += alpha * x[xo + t];
        }
    }

    static void axpyScalar(double alpha, double[] x, int xo, double[] y, int yo, int len) {
        for (int t = 0; t < len; t++) {
            y[yo + t] += alpha * x[xo + t];
        }
    }

    /** y[yo + t] += a1 * x1[o1 + t] + a2 * x2[o2 + t] for t < len: one pass of a symmetric rank-2 update. */
    static void axpy2(double a1, double[] x1, int o1, double a2, double[] x2, int o2, double[] y, int yo, int len) {
        DoubleVector v1 = DoubleVector.broadcast(SPECIES, a1);
        DoubleVector v2 = DoubleVector.broadcast(SPECIES, a2);
        int t = 0;
        int bound = SPECIES.loopBound(len);
        for (; t < bound; t += LANES) {
            DoubleVector acc = DoubleVector.fromArray(SPECIES, x1, o1 + t).fma(v1, DoubleVector.fromArray(SPECIES, y, yo + t));
            DoubleVector.fromArray(SPECIES, x2, o2 + t).fma(v2, acc).intoArray(y, yo + t);
        }
        for (; t < len; t++) {
            y[yo + t] += a1 * x1[o1 + t] + a2 * x2[o2 + t];
        }
    }

    static void axpy2Scalar(double a1, double[] x1, int o1, double a2, double[] x2, int o2, double[] y, int yo, int len) {
        for (int t = 0; t < len; t++) {
            y[yo + t] += a1 * x1[o1 + t] + a2 * x2[o2 + t];
        }
    }

    /** x[xo + t] *= alpha for t < len. */
    static void scale(double alpha, double[] x, int xo, int len) {
        for (int t = 0; t < len; t++) {
            x[xo + t] *= alpha;
        }
    }

    /**
     * Euclidean norm of x[xo + t * stride], t < len, without overflow or underflow for any finite input: the sum of
     * squares is taken of the elements divided by the largest magnitude.
     */
    static double norm(double[] x, int xo, int stride, int len) {
        double max = 0;
        for (int t = 0, p = xo; t < len; t++, p += stride) {
            max = Math.max(max, Math.abs(x[p]));
        }
        if (max == 0) {
            return 0;
        }
        double sum = 0;
        if (max > 1e-150 && max < 1e150) {
            for (int t = 0, p = xo; t < len; t++, p += stride) {
                sum += x[p] * x[p];
            }
            return Math.sqrt(sum);
        }
        double inv = 1 / max;
        for (int t = 0, p = xo; t < len; t++, p += stride) {
            double v = x[p] * inv;
            sum += v * v;
        }
        return max * Math.sqrt(sum);
    }
}
