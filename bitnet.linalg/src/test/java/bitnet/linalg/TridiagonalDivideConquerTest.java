package bitnet.linalg;

import static bitnet.linalg.TestMatrices.assertBelow;
import static bitnet.linalg.TestMatrices.orthogonalityError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Divide and conquer on tridiagonal matrices built to stress deflation and the secular equation, against implicit
 * QL (the path it replaces) and, where known, closed-form eigenvalues.
 */
@Timeout(120)
class TridiagonalDivideConquerTest {
    /** Both solvers are backward stable: eigenvalues agree to a small multiple of n * eps * ||T||_2. */
    private static final double SPECTRUM = 1e-13;
    /**
     * ||T - Z L Z^T||_F / ||T||_F and max |Z^T Z - I| grow like sqrt(n) * eps to n * eps; 1e-13 holds to n ~ 450
     * with the factor ~2 of margin that the largest case here (n = 257) leaves.
     */
    private static final double RECONSTRUCTION = 1e-13;
    private static final double ORTHOGONALITY = 1e-13;

    private static final int[] SIZES = {0, 1, 2, 3, 4, 7, 8, 9, 16, 17, 31, 32, 33, 63, 64, 65, 100, 129, 257};
    private static final String[] KINDS = {"random", "identity", "diagRepeats", "zeroOffDiagonals", "wilkinson",
        "gluedWilkinson", "clustered", "graded", "toeplitz", "zeroDiagonal", "tiny", "huge"};

    record Tri(String kind, int n, double[] d, double[] e) {
        @Override
        public String toString() {
            return kind + " n=" + n;
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (String kind : KINDS) {
            for (int n : SIZES) {
                for (int leaf : new int[] {2, 5, TridiagonalDivideConquer.LEAF}) {
                    out.add(Arguments.of(make(kind, n, 1000L * n + kind.hashCode()), leaf));
                }
            }
        }
        return out.stream();
    }

    static Tri make(String kind, int n, long seed) {
        Random r = new Random(seed);
        double[] d = new double[n];
        double[] e = new double[n];
        for (int i = 0; i < n; i++) {
            boolean inner = i < n - 1;
            switch (kind) {
                case "random" -> {
                    d[i] = r.nextGaussian();
                    e[i] = inner ? r.nextGaussian() : 0;
                }
                case "identity" -> d[i] = 1;
                case "diagRepeats" -> d[i] = i % 3 - 1;
                case "zeroOffDiagonals" -> {
                    d[i] = r.nextGaussian();
                    // zeros at every fourth coupling, including the first split point of even sizes
                    e[i] = inner && i % 4 != 3 && i != n / 2 - 1 ? r.nextGaussian() : 0;
                }
                case "wilkinson" -> {
                    d[i] = Math.abs(i - (n - 1) / 2.0);
                    e[i] = inner ? 1 : 0;
                }
                case "gluedWilkinson" -> {
                    d[i] = Math.abs(i % 21 - 10);
                    e[i] = inner ? (i % 21 == 20 ? 1e-9 : 1) : 0;
                }
                case "clustered" -> {
                    d[i] = 1 + 1e-13 * r.nextGaussian();
                    e[i] = inner ? 1e-12 * r.nextGaussian() : 0;
                }
                case "graded" -> {
                    d[i] = Math.pow(10, -16.0 * i / Math.max(1, n));
                    e[i] = inner ? Math.pow(10, -16.0 * (i + 0.5) / Math.max(1, n)) : 0;
                }
                case "toeplitz" -> {
                    d[i] = 2;
                    e[i] = inner ? -1 : 0;
                }
                case "zeroDiagonal" -> e[i] = inner ? r.nextGaussian() : 0;
                case "tiny" -> {
                    d[i] = 1e-290 * r.nextGaussian();
                    e[i] = inner ? 1e-290 * r.nextGaussian() : 0;
                }
                case "huge" -> {
                    d[i] = 1e290 * r.nextGaussian();
                    e[i] = inner ? 1e290 * r.nextGaussian() : 0;
                }
                default -> throw new IllegalArgumentException(kind);
            }
        }
        return new Tri(kind, n, d, e);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void agreesWithQlAndReconstructs(Tri t, int leaf) {
        int n = t.n();
        double[] d = t.d().clone();
        double[] e = t.e().clone();
        double[] z = TridiagonalDivideConquer.solve(d, e, n, leaf, 2);
        double[] ref = qlAtUnitScale(t);
        double norm = 0;
        for (int i = 0; i < n; i++) {
            norm = Math.max(norm, Math.abs(ref[i]));
        }
        for (int i = 0; i < n; i++) {
            assertBelow(Math.abs(d[i] - ref[i]), SPECTRUM * norm, t + " leaf " + leaf + " eigenvalue " + i);
            if (i > 0) {
                assertBelow(d[i - 1] - d[i], 0, t + " ascending at " + i);
            }
        }
        assertEquals(n * n, z.length);
        assertBelow(reconstructionError(t, z, d), RECONSTRUCTION, t + " leaf " + leaf + " ||T - Z L Z^T|| / ||T||");
        assertBelow(orthogonalityError(z, n, n), ORTHOGONALITY, t + " leaf " + leaf + " ||Z^T Z - I||");
    }

    @Test
    void toeplitzMatchesClosedForm() {
        int n = 200;
        Tri t = make("toeplitz", n, 1);
        double[] d = t.d().clone();
        TridiagonalDivideConquer.solve(d, t.e().clone(), n, 4, 1);
        for (int k = 1; k <= n; k++) {
            double exact = 2 - 2 * Math.cos(k * Math.PI / (n + 1));
            assertBelow(Math.abs(d[k - 1] - exact), 4 * SPECTRUM, "1-2-1 eigenvalue " + k);
        }
    }

    @Test
    void diagonalInputComesBackSortedWithPermutedUnitVectors() {
        double[] d = {3, -1, 3, 0, 2, -1, 5, 3};
        double[] z = TridiagonalDivideConquer.solve(d, new double[8], 8, 2, 1);
        assertArrayEquals(new double[] {-1, -1, 0, 2, 3, 3, 3, 5}, d, 0);
        for (int c = 0; c < 8; c++) {
            double sum = 0;
            for (int r = 0; r < 8; r++) {
                sum += Math.abs(z[r * 8 + c]);
            }
            assertEquals(1, sum, 0, "column " + c + " is a unit vector");
        }
    }

    /**
     * QL eigenvalues of T scaled by a power of two to unit norm and scaled back (exact both ways): unscaled QL
     * underflows at 1e-290 and overflows at 1e290, which is QL's limit, not the one under test here.
     */
    private static double[] qlAtUnitScale(Tri t) {
        int n = t.n();
        double max = Double.MIN_NORMAL;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, Math.max(Math.abs(t.d()[i]), Math.abs(t.e()[i])));
        }
        double s = Math.scalb(1.0, -Math.getExponent(max));
        double[] d = new double[n];
        double[] e = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = t.d()[i] * s;
            e[i] = t.e()[i] * s;
        }
        TridiagonalQl.solve(d, e, n, null);
        for (int i = 0; i < n; i++) {
            d[i] /= s;
        }
        return d;
    }

    private static double reconstructionError(Tri t, double[] z, double[] lambda) {
        int n = t.n();
        // Compared at unit scale, so that the 1e290 case squares without overflow.
        double scale = Double.MIN_NORMAL;
        for (int i = 0; i < n; i++) {
            scale = Math.max(scale, Math.max(Math.abs(t.d()[i]), Math.abs(t.e()[i])));
        }
        double num = 0;
        double den = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double tij = (i == j ? t.d()[i] : Math.abs(i - j) == 1 ? t.e()[Math.min(i, j)] : 0) / scale;
                double s = 0;
                for (int p = 0; p < n; p++) {
                    s += z[i * n + p] * (lambda[p] / scale) * z[j * n + p];
                }
                num += (tij - s) * (tij - s);
                den += tij * tij;
            }
        }
        return den == 0 ? Math.sqrt(num) : Math.sqrt(num / den);
    }
}
