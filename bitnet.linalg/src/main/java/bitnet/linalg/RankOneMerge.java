package bitnet.linalg;

/**
 * One merge of {@link TridiagonalDivideConquer} (LAPACK's {@code dlaed1} / {@code dlaed2} / {@code dlaed3}): given
 * the eigendecompositions Q1 D1 Q1^T and Q2 D2 Q2^T of the two halves, finds that of diag(Q1, Q2) (D + rho z z^T)
 * diag(Q1, Q2)^T.
 *
 * <p>Deflation first removes every component whose weight rho |z_i| or whose distance to a neighbour (after a
 * Givens rotation) is below 8 eps ||T||: those eigenpairs are already converged. The rest solve the secular
 * equation; their eigenvectors come from Gu and Eisenstat's recomputed weights (Löwner's theorem), which makes them
 * orthogonal to working precision however close the roots are. The eigenvector update is two GEMMs, one per half,
 * over only the columns that are not zero in that half.
 */
final class RankOneMerge {
    private static final double EPS = Math.ulp(1.0) / 2;
    private static final byte TOP = 1;
    private static final byte DENSE = 2;
    private static final byte BOTTOM = 3;

    private RankOneMerge() {
    }

    /**
     * Merges the halves at d[off .. off + n1) (eigenvalues of Q1, ascending) and d[off + n1 .. off + n1 + n2) (of
     * Q2), coupled by beta = T(off + n1 - 1, off + n1), whose |beta| the caller has already subtracted from the two
     * diagonal entries it touches. Writes the merged eigenvalues ascending to d[off ..] and returns the row-major
     * (n1 + n2) x (n1 + n2 - from) matrix of the eigenvectors (columns) of eigenvalues from, from + 1, ...: a caller
     * that needs only the largest ones skips the GEMM work for the rest.
     */
    static double[] merge(double[] d, int off, int n1, int n2, double beta, double[] q1, double[] q2, int from,
            int threads) {
        int size = n1 + n2;
        double[] q = new double[size * size];
        byte[] type = new byte[size];
        for (int r = 0; r < n1; r++) {
            System.arraycopy(q1, r * n1, q, r * size, n1);
        }
        for (int r = 0; r < n2; r++) {
            System.arraycopy(q2, r * n2, q, (n1 + r) * size + n1, n2);
        }
        // z = diag(Q1, Q2)^T v with v = e_last + sign(beta) e_first: the last row of Q1 and the first row of Q2.
        double sign = beta < 0 ? -1 : 1;
        double[] z = new double[size];
        double zz = 0;
        for (int i = 0; i < size; i++) {
            z[i] = i < n1 ? q1[(n1 - 1) * n1 + i] : sign * q2[i - n1];
            zz += z[i] * z[i];
            type[i] = i < n1 ? TOP : BOTTOM;
        }
        double rho = Math.abs(beta) * zz;
        double zn = Math.sqrt(zz);
        int[] perm = mergeOrder(d, off, n1, n2);
        double[] ds = new double[size];
        double[] zs = new double[size];
        double dmax = 0;
        double zmax = 0;
        for (int p = 0; p < size; p++) {
            ds[p] = d[off + perm[p]];
            zs[p] = z[perm[p]] / zn;
            dmax = Math.max(dmax, Math.abs(ds[p]));
            zmax = Math.max(zmax, Math.abs(zs[p]));
        }
        double tol = 8 * EPS * Math.max(dmax, rho * zmax);
        int[] kept = new int[size];
        int[] deflated = new int[size];
        int k = 0;
        int nd = 0;
        if (rho * zmax > tol) {
            int pj = -1;
            for (int p = 0; p < size; p++) {
                if (rho * Math.abs(zs[p]) <= tol) {
                    deflated[nd++] = p;
                } else if (pj < 0) {
                    pj = p;
                } else if (rotateIfClose(q, size, type, perm, ds, zs, pj, p, tol)) {
                    deflated[nd++] = pj;
                    pj = p;
                } else {
                    kept[k++] = pj;
                    pj = p;
                }
            }
            if (pj >= 0) {
                kept[k++] = pj;
            }
        } else {
            for (int p = 0; p < size; p++) {
                deflated[nd++] = p;
            }
        }
        double[] dk = new double[k];
        double[] zk = new double[k];
        for (int i = 0; i < k; i++) {
            dk[i] = ds[kept[i]];
            zk[i] = zs[kept[i]];
        }
        double[] lambda = new double[k];
        double[] u = secularVectors(dk, zk, k, rho, lambda);
        int[] source = order(d, off, size, perm, ds, deflated, nd, lambda, k);
        // The secular columns land in ascending order, so those at positions >= from are a tail k0 .. k - 1.
        int k0 = 0;
        for (int c = 0; c < from; c++) {
            if (source[c] < 0) {
                k0++;
            }
        }
        double[] r = update(q, size, n1, type, perm, kept, k, k0, u, threads);
        return assemble(size, q, source, from, r, k - k0, k0);
    }

    /** Sorted order of the union of two ascending runs, as indices relative to off. */
    private static int[] mergeOrder(double[] d, int off, int n1, int n2) {
        int[] perm = new int[n1 + n2];
        int i = 0;
        int j = n1;
        for (int p = 0; p < perm.length; p++) {
            if (j >= n1 + n2 || (i < n1 && d[off + i] <= d[off + j])) {
                perm[p] = i++;
            } else {
                perm[p] = j++;
            }
        }
        return perm;
    }

    /**
     * If the Givens rotation that zeroes z at sorted position pj against p leaves an off-diagonal below tol, applies
     * it to the two columns of q and to ds, zs, and returns true (pj is then deflated).
     */
    private static boolean rotateIfClose(double[] q, int size, byte[] type, int[] perm, double[] ds, double[] zs,
            int pj, int p, double tol) {
        double s = zs[pj];
        double c = zs[p];
        double tau = FastMath.hypot(c, s);
        c /= tau;
        s = -s / tau;
        if (Math.abs((ds[p] - ds[pj]) * c * s) > tol) {
            return false;
        }
        zs[p] = tau;
        zs[pj] = 0;
        int a = perm[pj];
        int b = perm[p];
        for (int row = 0, at = 0; row < size; row++, at += size) {
            double x = q[at + a];
            double y = q[at + b];
            q[at + a] = c * x + s * y;
            q[at + b] = c * y - s * x;
        }
        if (type[a] != type[b]) {
            type[a] = DENSE;
            type[b] = DENSE;
        }
        double dpj = ds[pj] * c * c + ds[p] * s * s;
        ds[p] = ds[pj] * s * s + ds[p] * c * c;
        ds[pj] = dpj;
        return true;
    }

    /**
     * Solves the k secular roots into lambda and returns the k x k row-major matrix whose column j is the unit
     * eigenvector of diag(dk) + rho zk zk^T for lambda[j], built from Gu-Eisenstat weights.
     */
    private static double[] secularVectors(double[] dk, double[] zk, int k, double rho, double[] lambda) {
        double[] u = new double[k * k];
        double[] scratch = new double[k];
        for (int j = 0; j < k; j++) {
            lambda[j] = SecularEquation.root(dk, zk, k, rho, j, u, j, k, scratch);
        }
        // |zhat_i|^2 = prod_j (lambda_j - d_i) / prod_{j != i} (d_j - d_i) (up to the common factor rho, which the
        // normalisation below removes), formed from the accurate differences u[i][j] = d_i - lambda_j.
        for (int i = 0; i < k; i++) {
            int row = i * k;
            double w = -u[row + i];
            for (int j = 0; j < k; j++) {
                if (j != i) {
                    w *= u[row + j] / (dk[i] - dk[j]);
                }
            }
            scratch[i] = Math.copySign(Math.sqrt(Math.abs(w)), zk[i]);
        }
        double[] norm = new double[k];
        for (int i = 0; i < k; i++) {
            int row = i * k;
            double zi = scratch[i];
            for (int j = 0; j < k; j++) {
                double v = zi / u[row + j];
                u[row + j] = v;
                norm[j] += v * v;
            }
        }
        for (int j = 0; j < k; j++) {
            norm[j] = 1 / Math.sqrt(norm[j]);
        }
        for (int i = 0; i < k; i++) {
            int row = i * k;
            for (int j = 0; j < k; j++) {
                u[row + j] *= norm[j];
            }
        }
        return u;
    }

    /**
     * Returns the size x k product of the kept columns of q with u: rows of the first half from the columns not zero
     * there (TOP and DENSE), rows of the second half from DENSE and BOTTOM, so no GEMM multiplies known zeros.
     */
    private static double[] update(double[] q, int size, int n1, byte[] type, int[] perm, int[] kept, int k, int k0,
            double[] u, int threads) {
        double[] r = new double[size * (k - k0)];
        if (k == k0) {
            return r;
        }
        product(q, size, 0, n1, type, BOTTOM, perm, kept, k, k0, u, r, threads);
        product(q, size, n1, size - n1, type, TOP, perm, kept, k, k0, u, r, threads);
        return r;
    }

    /** Rows row0 .. row0 + rows - 1 of r (size x (k - k0)) = kept columns of q times columns k0 .. k - 1 of u. */
    private static void product(double[] q, int size, int row0, int rows, byte[] type, byte skip, int[] perm,
            int[] kept, int k, int k0, double[] u, double[] r, int threads) {
        int used = 0;
        for (int i = 0; i < k; i++) {
            if (type[perm[kept[i]]] != skip) {
                used++;
            }
        }
        if (used == 0 || rows == 0) {
            return;
        }
        int[] cols = new int[used];
        int width = k - k0;
        double[] ur = new double[used * width];
        for (int i = 0, t = 0; i < k; i++) {
            int col = perm[kept[i]];
            if (type[col] != skip) {
                cols[t] = col;
                System.arraycopy(u, i * k + k0, ur, t * width, width);
                t++;
            }
        }
        // Gathered row by row, so that q streams in memory order.
        double[] w = new double[rows * used];
        for (int row = 0; row < rows; row++) {
            int from = (row0 + row) * size;
            int to = row * used;
            for (int t = 0; t < used; t++) {
                w[to + t] = q[from + cols[t]];
            }
        }
        Gemm.multiplyAdd(rows, width, used, 1.0, w, 0, used, ur, 0, width, r, row0 * width, width, threads);
    }

    /**
     * Writes the merged eigenvalues ascending to d[off ..] and returns where each one's eigenvector comes from:
     * source[c] >= 0 is column source[c] of q (deflated), otherwise secular column -1 - source[c].
     */
    private static int[] order(double[] d, int off, int size, int[] perm, double[] ds, int[] deflated, int nd,
            double[] lambda, int k) {
        // Deflated values arrive nearly sorted (in the order of the sorted poles), so insertion sort is ~linear.
        for (int i = 1; i < nd; i++) {
            int p = deflated[i];
            int j = i - 1;
            while (j >= 0 && ds[deflated[j]] > ds[p]) {
                deflated[j + 1] = deflated[j];
                j--;
            }
            deflated[j + 1] = p;
        }
        int[] source = new int[size];
        int a = 0;
        int b = 0;
        for (int c = 0; c < size; c++) {
            if (b >= nd || (a < k && lambda[a] <= ds[deflated[b]])) {
                source[c] = -1 - a;
                d[off + c] = lambda[a++];
            } else {
                source[c] = perm[deflated[b]];
                d[off + c] = ds[deflated[b++]];
            }
        }
        return source;
    }

    /** Columns from .. size - 1 of the merged eigenvector matrix; r holds secular columns k0 .. k0 + width - 1. */
    private static double[] assemble(int size, double[] q, int[] source, int from, double[] r, int width, int k0) {
        int cols = size - from;
        double[] out = new double[size * cols];
        for (int row = 0; row < size; row++) {
            int o = row * cols - from;
            int qo = row * size;
            int rr = row * width - 1 - k0;
            for (int c = from; c < size; c++) {
                int src = source[c];
                out[o + c] = src >= 0 ? q[qo + src] : r[rr - src];
            }
        }
        return out;
    }
}
