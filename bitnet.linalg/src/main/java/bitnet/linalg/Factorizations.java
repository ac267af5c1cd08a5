package bitnet.linalg;

import java.util.List;

import bitnet.api.backend.OpCall;
import bitnet.api.linalg.QrMode;
import bitnet.api.linalg.SvdMode;
import bitnet.api.tensor.ShapeMismatchException;
import bitnet.api.tensor.Tensor;

/** The decompositions of {@link TensorCalls}: one matrix in, its factors out, for every matrix of the batch. */
final class Factorizations {
    private Factorizations() {
    }

    static void run(OpCall.Factor c, int threads) {
        Tensor a = c.a();
        String op = c.op().id();
        int count = MatrixStack.count(a);
        int n = MatrixStack.rows(a);
        if (a.rank() < 2 || n != MatrixStack.cols(a)) {
            throw new ShapeMismatchException(op + " needs square matrices (..., n, n), got "
                    + java.util.Arrays.toString(a.shape()));
        }
        List<Tensor> out = switch (c.op()) {
            case CHOLESKY, INV, DET, EIGVALSH -> TensorCalls.outputs(c, 1);
            case SLOGDET, EIGH -> TensorCalls.outputs(c, 2);
            case LU -> TensorCalls.outputs(c, 3);
            default -> throw new IllegalArgumentException(op + " is not a one-matrix factorisation");
        };
        switch (c.op()) {
            case CHOLESKY, INV -> MatrixStack.requireResult(op, out.get(0), count, n, n);
            case DET -> MatrixStack.requireResult(op, out.get(0), count);
            case SLOGDET -> {
                MatrixStack.requireResult(op, out.get(0), count);
                MatrixStack.requireResult(op, out.get(1), count);
            }
            case EIGVALSH -> MatrixStack.requireResult(op, out.get(0), count, n);
            case EIGH -> {
                MatrixStack.requireResult(op, out.get(0), count, n);
                MatrixStack.requireResult(op, out.get(1), count, n, n);
            }
            default -> out.forEach(t -> MatrixStack.requireResult(op, t, count, n, n));
        }
        TensorCalls.forEachMatrix(count, threads, (t, th) -> {
            double[] m = MatrixStack.read(a, t, n * n);
            switch (c.op()) {
                case CHOLESKY -> MatrixStack.write(out.get(0), t, Cholesky.factor(m, n, th));
                case INV -> MatrixStack.write(out.get(0), t, Inverse.invert(m, n, th));
                case DET -> MatrixStack.writeScalar(out.get(0), t, Determinants.det(m, n, th));
                case SLOGDET -> {
                    SignedLogDet d = Determinants.signedLog(m, n, th);
                    MatrixStack.writeScalar(out.get(0), t, d.sign());
                    MatrixStack.writeScalar(out.get(1), t, d.logAbsDet());
                }
                case EIGVALSH -> MatrixStack.write(out.get(0), t, SymmetricEigen.decompose(m, n, false, th).eigenvalues());
                case EIGH -> {
                    EighResult e = SymmetricEigen.decompose(m, n, true, th);
                    MatrixStack.write(out.get(0), t, e.eigenvalues());
                    MatrixStack.write(out.get(1), t, e.eigenvectors());
                }
                default -> lu(m, n, th, out, t);
            }
        });
    }

    // scipy.linalg.lu's A = P L U from getrf's P A = L U: P_scipy is the transpose of the row permutation.
    private static void lu(double[] m, int n, int threads, List<Tensor> out, int t) {
        LuResult f = Lu.factor(m, n, threads);
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        for (int i = 0; i < n; i++) {
            int q = f.pivots()[i];
            int v = perm[i];
            perm[i] = perm[q];
            perm[q] = v;
        }
        double[] p = new double[n * n];
        double[] l = new double[n * n];
        double[] u = new double[n * n];
        for (int i = 0; i < n; i++) {
            p[perm[i] * n + i] = 1;
            for (int j = 0; j < n; j++) {
                double v = f.lu()[i * n + j];
                if (j < i) {
                    l[i * n + j] = v;
                } else {
                    u[i * n + j] = v;
                }
            }
            l[i * n + i] = 1;
        }
        MatrixStack.write(out.get(0), t, p);
        MatrixStack.write(out.get(1), t, l);
        MatrixStack.write(out.get(2), t, u);
    }

    static void qr(OpCall.QrFactor c, int threads) {
        Tensor a = c.a();
        requireMatrices("qr", a);
        int count = MatrixStack.count(a);
        int m = MatrixStack.rows(a);
        int n = MatrixStack.cols(a);
        int k = Math.min(m, n);
        boolean withQ = c.mode() != QrMode.R_ONLY;
        List<Tensor> out = TensorCalls.outputs(c, withQ ? 2 : 1);
        Tensor r = out.get(withQ ? 1 : 0);
        if (withQ) {
            MatrixStack.requireResult("qr", out.get(0), count, m, c.mode() == QrMode.COMPLETE ? m : k);
        }
        MatrixStack.requireResult("qr", r, count, c.mode() == QrMode.COMPLETE ? m : k, n);
        TensorCalls.forEachMatrix(count, threads, (t, th) -> {
            QrResult f = Qr.decompose(MatrixStack.read(a, t, m * n), m, n, c.mode(), th);
            if (withQ) {
                MatrixStack.write(out.get(0), t, f.q());
            }
            MatrixStack.write(r, t, f.r());
        });
    }

    static void svd(OpCall.SvdFactor c, int threads) {
        Tensor a = c.a();
        requireMatrices("svd", a);
        int count = MatrixStack.count(a);
        int m = MatrixStack.rows(a);
        int n = MatrixStack.cols(a);
        int k = Math.min(m, n);
        boolean vectors = c.mode() != SvdMode.VALUES_ONLY;
        List<Tensor> out = TensorCalls.outputs(c, vectors ? 3 : 1);
        Tensor s = out.get(vectors ? 1 : 0);
        MatrixStack.requireResult("svd", s, count, k);
        if (vectors) {
            boolean full = c.mode() == SvdMode.FULL;
            MatrixStack.requireResult("svd", out.get(0), count, m, full ? m : k);
            MatrixStack.requireResult("svd", out.get(2), count, full ? n : k, n);
        }
        TensorCalls.forEachMatrix(count, threads, (t, th) -> {
            SvdResult f = Svd.decompose(MatrixStack.read(a, t, m * n), m, n, c.mode(), th);
            MatrixStack.write(s, t, f.s());
            if (vectors) {
                MatrixStack.write(out.get(0), t, f.u());
                MatrixStack.write(out.get(2), t, f.vt());
            }
        });
    }

    static void requireMatrices(String op, Tensor a) {
        if (a.rank() < 2) {
            throw new ShapeMismatchException(op + " needs matrices (..., m, n), got " + java.util.Arrays.toString(
                    a.shape()));
        }
    }
}
