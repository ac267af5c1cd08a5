package bitnet.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API bodies of {@link Vec}'s level-1 kernels. Loaded only in {@link Kernels.Mode#VECTOR}: nothing else
 * in the library names a {@code jdk.incubator.vector} type outside the {@code ...Vector} classes.
 */
final class VecVector {
    static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    static final int LANES = SPECIES.length();

    private VecVector() {
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
}
