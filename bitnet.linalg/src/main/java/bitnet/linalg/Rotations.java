package bitnet.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Sequences of plane rotations applied to adjacent rows of a row-major matrix, as the QR iterations of the
 * symmetric eigensolver and of the SVD produce them. Rotation t acts on rows (r, r + 1) with r = first + t:
 * {@code x' = c x + s y, y' = c y - s x} for x = row r, y = row r + 1, each evaluated as one multiply and one
 * fused multiply-add.
 */
final class Rotations {
    static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    /**
     * Columns per chunk: a whole sequence is applied to one chunk before the next. Row segments of a chunk are
     * contiguous (the prefetcher follows them) and the row shared by consecutive rotations is still in L1.
     * Narrow strips instead (a column of vectors walked down the rows) were measured 5x slower: every step lands
     * on a new page.
     */
    private static final int CHUNK = 64;

    private Rotations() {
    }

    /**
     * Applies rotations t = 0 .. count - 1 (or count - 1 .. 0 when {@code descending}) to rows first + t and
     * first + t + 1 of x (row length {@code len}, leading dimension {@code ld}). Modifies x only.
     */
    static void applySequence(double[] x, int ld, int len, int first, int count, double[] c, double[] s,
            boolean descending) {
        for (int c0 = 0; c0 < len; c0 += CHUNK) {
            int w = Math.min(CHUNK, len - c0);
            if (descending) {
                for (int t = count - 1; t >= 0; t--) {
                    rotate(x, (first + t) * ld + c0, (first + t + 1) * ld + c0, w, c[t], s[t]);
                }
            } else {
                for (int t = 0; t < count; t++) {
                    rotate(x, (first + t) * ld + c0, (first + t + 1) * ld + c0, w, c[t], s[t]);
                }
            }
        }
    }

    /** Scalar reference of {@link #applySequence}, unchunked. */
    static void applySequenceScalar(double[] x, int ld, int len, int first, int count, double[] c, double[] s,
            boolean descending) {
        for (int q = 0; q < count; q++) {
            int t = descending ? count - 1 - q : q;
            rotateScalar(x, (first + t) * ld, (first + t + 1) * ld, len, c[t], s[t]);
        }
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

    /** Scalar reference of {@link #rotate}, with the same roundings. */
    static void rotateScalar(double[] x, int xo, int yo, int len, double c, double s) {
        for (int i = 0; i < len; i++) {
            double a = x[xo + i];
            double b = x[yo + i];
            x[xo + i] = Math.fma(a, c, b * s);
            x[yo + i] = Math.fma(b, c, -(a * s));
        }
    }
}
