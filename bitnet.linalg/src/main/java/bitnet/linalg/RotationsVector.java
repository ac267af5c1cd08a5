package bitnet.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/** The Vector API body of {@link Rotations#rotate}; loaded only in {@link Kernels.Mode#VECTOR}. */
final class RotationsVector {
    static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();

    private RotationsVector() {
    }

    /** x[xo + i] = c x + s y, x[yo + i] = c y - s x for i &lt; len, on one array. */
    static void rotate(double[] x, int xo, int yo, int len, double c, double s) {
        DoubleVector vc = DoubleVector.broadcast(SPECIES, c);
        DoubleVector vs = DoubleVector.broadcast(SPECIES, s);
        int i = 0;
        int bound = SPECIES.loopBound(len);
        for (; i < bound; i += LANES) {
            DoubleVector a = DoubleVector.fromArray(SPECIES, x, xo + i);
            DoubleVector b = DoubleVector.fromArray(SPECIES, x, yo + i);
            a.fma(vc, b.mul(vs)).intoArray(x, xo + i);
            b.fma(vc, a.mul(vs).neg()).intoArray(x, yo + i);
        }
        for (; i < len; i++) {
            double a = x[xo + i];
            double b = x[yo + i];
            x[xo + i] = Math.fma(a, c, b * s);
            x[yo + i] = Math.fma(b, c, -(a * s));
        }
    }
}
