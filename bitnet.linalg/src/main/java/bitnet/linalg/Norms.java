package bitnet.linalg;

import bitnet.api.linalg.MatrixNorm;

/** Matrix norms, as {@code numpy.linalg.norm} computes them for 2-D input. */
public final class Norms {
    private Norms() {
    }

    /**
     * @param a m x n row-major, not modified; an empty matrix has norm 0
     * @throws bitnet.api.linalg.NonFiniteInputException if a holds NaN or an infinity
     */
    public static double norm(double[] a, int m, int n, MatrixNorm kind) {
        Matrices.requireShape(a, m, n, "a");
        Matrices.requireFinite(a, n, "a");
        if (a.length == 0) {
            return 0;
        }
        return switch (kind) {
            case FROBENIUS -> Vec.norm(a, 0, 1, a.length);
            case ONE -> maxColumnSum(a, m, n);
            case INF -> maxRowSum(a, m, n);
            case TWO -> Svd.values(a, m, n)[0];
            case NUCLEAR -> {
                double sum = 0;
                for (double s : Svd.values(a, m, n)) {
                    sum += s;
                }
                yield sum;
            }
        };
    }

    static double maxColumnSum(double[] a, int m, int n) {
        double[] sums = new double[n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                sums[j] += Math.abs(a[i * n + j]);
            }
        }
        double max = 0;
        for (double s : sums) {
            max = Math.max(max, s);
        }
        return max;
    }

    static double maxRowSum(double[] a, int m, int n) {
        double max = 0;
        for (int i = 0; i < m; i++) {
            double s = 0;
            for (int j = 0; j < n; j++) {
                s += Math.abs(a[i * n + j]);
            }
            max = Math.max(max, s);
        }
        return max;
    }
}
