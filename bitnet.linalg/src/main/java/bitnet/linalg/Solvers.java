package bitnet.linalg;

import java.util.Arrays;
import java.util.List;

import bitnet.api.backend.OpCall;
import bitnet.api.ops.Op;
import bitnet.api.tensor.ShapeMismatchException;
import bitnet.api.tensor.Tensor;

/** Solvers, pseudo-inverse, norms and condition numbers of {@link TensorCalls}, per matrix of the batch. */
final class Solvers {
    private Solvers() {
    }

    static void solve(OpCall.Solve c, int threads) {
        Tensor a = c.a();
        Tensor b = c.b();
        int count = MatrixStack.count(a);
        int n = MatrixStack.rows(a);
        if (a.rank() < 2 || n != MatrixStack.cols(a) || b.rank() != a.rank() || MatrixStack.rows(b) != n
                || MatrixStack.count(b) != count) {
            throw new ShapeMismatchException("solve needs a (..., n, n) and b (..., n, k) with the same batch, got "
                    + Arrays.toString(a.shape()) + " and " + Arrays.toString(b.shape()));
        }
        int k = MatrixStack.cols(b);
        MatrixStack.requireResult("solve", c.output(), count, n, k);
        TensorCalls.forEachMatrix(count, threads, (t, th) -> MatrixStack.write(c.output(), t,
                Inverse.solve(MatrixStack.read(a, t, n * n), n, MatrixStack.read(b, t, n * k), k, th)));
    }

    static void lstsq(OpCall.Lstsq c, int threads) {
        Tensor a = c.a();
        Tensor b = c.b();
        if (a.rank() != 2 || b.rank() != 2 || a.dim(0) != b.dim(0)) {
            throw new ShapeMismatchException("lstsq needs a (m, n) and b (m, k), got " + Arrays.toString(a.shape())
                    + " and " + Arrays.toString(b.shape()));
        }
        int m = MatrixStack.rows(a);
        int n = MatrixStack.cols(a);
        int k = MatrixStack.cols(b);
        List<Tensor> out = TensorCalls.outputs(c, 4);
        MatrixStack.requireResult("lstsq", out.get(0), 1, n, k);
        MatrixStack.requireResult("lstsq", out.get(1), 1, k);
        MatrixStack.requireResult("lstsq", out.get(2), 1);
        MatrixStack.requireResult("lstsq", out.get(3), 1, Math.min(m, n));
        LstsqResult r = LeastSquares.solve(MatrixStack.read(a, 0, m * n), m, n, MatrixStack.read(b, 0, m * k), k,
                c.rcond(), threads);
        MatrixStack.write(out.get(0), 0, r.x());
        // The residuals' length depends on the rank, known only now: NaN marks "none" for the caller to cut.
        double[] residuals = r.residuals().length == k ? r.residuals() : nan(k);
        MatrixStack.write(out.get(1), 0, residuals);
        out.get(2).segment().set(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED, 4L * out.get(2).offset(),
                r.rank());
        MatrixStack.write(out.get(3), 0, r.singularValues());
    }

    private static double[] nan(int k) {
        double[] v = new double[k];
        Arrays.fill(v, Double.NaN);
        return v;
    }

    static void pinv(OpCall.Pinv c, int threads) {
        Tensor a = c.a();
        Factorizations.requireMatrices("pinv", a);
        int count = MatrixStack.count(a);
        int m = MatrixStack.rows(a);
        int n = MatrixStack.cols(a);
        MatrixStack.requireResult("pinv", c.output(), count, n, m);
        TensorCalls.forEachMatrix(count, threads, (t, th) -> MatrixStack.write(c.output(), t,
                PseudoInverse.compute(MatrixStack.read(a, t, m * n), m, n, c.rcond(), th)));
    }

    static void normOrCond(OpCall.NormOrCond c, int threads) {
        Tensor a = c.a();
        String op = c.op().id();
        if (c.op() != Op.NORM && c.op() != Op.COND) {
            throw new IllegalArgumentException(op + " is neither norm nor cond");
        }
        Factorizations.requireMatrices(op, a);
        int count = MatrixStack.count(a);
        int m = MatrixStack.rows(a);
        int n = MatrixStack.cols(a);
        MatrixStack.requireResult(op, c.output(), count);
        TensorCalls.forEachMatrix(count, threads, (t, th) -> {
            double[] x = MatrixStack.read(a, t, m * n);
            MatrixStack.writeScalar(c.output(), t, c.op() == Op.NORM ? Norms.norm(x, m, n, c.ord())
                    : Conditioning.cond(x, m, n, c.ord(), th));
        });
    }
}
