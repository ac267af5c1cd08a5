package bitnet.core.linalg;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import bitnet.api.backend.OpCall;
import bitnet.api.dispatch.Dispatcher;
import bitnet.api.linalg.EighFactors;
import bitnet.api.linalg.LeastSquaresSolution;
import bitnet.api.linalg.LinearAlgebra;
import bitnet.api.linalg.LuFactors;
import bitnet.api.linalg.MatrixNorm;
import bitnet.api.linalg.QrFactors;
import bitnet.api.linalg.QrMode;
import bitnet.api.linalg.SignedLogDeterminant;
import bitnet.api.linalg.SvdFactors;
import bitnet.api.linalg.SvdMode;
import bitnet.api.ops.Op;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.ShapeMismatchException;
import bitnet.api.tensor.Tensor;
import bitnet.api.tensor.TensorFactory;
import bitnet.linalg.Einsum;

/**
 * {@link LinearAlgebra} over the dispatcher: checks dtypes and shapes ({@link LinalgShapes}), makes the operands
 * contiguous and broadcasts batch axes, allocates every result from the {@link TensorFactory}, and hands one
 * {@link OpCall.Linalg} to the dispatcher. If the call fails, the results allocated for it are closed.
 */
@Component(service = LinearAlgebra.class)
public final class DispatchingLinearAlgebra implements LinearAlgebra {
    private final Dispatcher dispatcher;
    private final TensorFactory factory;

    /**
     * @param dispatcher picks the backend
     * @param factory allocates results
     */
    @Activate
    public DispatchingLinearAlgebra(@Reference Dispatcher dispatcher, @Reference TensorFactory factory) {
        this.dispatcher = dispatcher;
        this.factory = factory;
    }

    @Override
    public Tensor cholesky(Tensor a) {
        return factor(Op.CHOLESKY, a, LinalgShapes.square(Op.CHOLESKY, a)).get(0);
    }

    @Override
    public LuFactors lu(Tensor a) {
        long[] s = LinalgShapes.square(Op.LU, a);
        List<Tensor> r = factor(Op.LU, a, s, s, s);
        return new LuFactors(r.get(0), r.get(1), r.get(2));
    }

    @Override
    public Tensor inv(Tensor a) {
        return factor(Op.INV, a, LinalgShapes.square(Op.INV, a)).get(0);
    }

    @Override
    public Tensor det(Tensor a) {
        return factor(Op.DET, a, LinalgShapes.batch(LinalgShapes.square(Op.DET, a))).get(0);
    }

    @Override
    public SignedLogDeterminant slogdet(Tensor a) {
        long[] batch = LinalgShapes.batch(LinalgShapes.square(Op.SLOGDET, a));
        List<Tensor> r = factor(Op.SLOGDET, a, batch, batch);
        return new SignedLogDeterminant(r.get(0), r.get(1));
    }

    @Override
    public EighFactors eigh(Tensor a) {
        long[] s = LinalgShapes.square(Op.EIGH, a);
        List<Tensor> r = factor(Op.EIGH, a, LinalgShapes.dropLast(s), s);
        return new EighFactors(r.get(0), r.get(1));
    }

    @Override
    public Tensor eigvalsh(Tensor a) {
        return factor(Op.EIGVALSH, a, LinalgShapes.dropLast(LinalgShapes.square(Op.EIGVALSH, a))).get(0);
    }

    private List<Tensor> factor(Op op, Tensor a, long[]... shapes) {
        try (Tensor ac = a.contiguous()) {
            return run(a.dtype(), out -> new OpCall.Factor(op, ac, out), shapes);
        }
    }

    @Override
    public QrFactors qr(Tensor a, QrMode mode) {
        long[] s = LinalgShapes.matrices(Op.QR, a);
        long m = s[s.length - 2];
        long n = s[s.length - 1];
        long k = Math.min(m, n);
        long[] r = LinalgShapes.withLast2(s, mode == QrMode.COMPLETE ? m : k, n);
        try (Tensor ac = a.contiguous()) {
            if (mode == QrMode.R_ONLY) {
                return new QrFactors(null, run(a.dtype(), out -> new OpCall.QrFactor(ac, mode, out), r).get(0));
            }
            long[] q = LinalgShapes.withLast2(s, m, mode == QrMode.COMPLETE ? m : k);
            List<Tensor> out = run(a.dtype(), o -> new OpCall.QrFactor(ac, mode, o), q, r);
            return new QrFactors(out.get(0), out.get(1));
        }
    }

    @Override
    public SvdFactors svd(Tensor a, SvdMode mode) {
        long[] s = LinalgShapes.matrices(Op.SVD, a);
        long m = s[s.length - 2];
        long n = s[s.length - 1];
        long k = Math.min(m, n);
        long[] values = LinalgShapes.withLast(LinalgShapes.batch(s), k);
        try (Tensor ac = a.contiguous()) {
            if (mode == SvdMode.VALUES_ONLY) {
                return new SvdFactors(null, run(a.dtype(), o -> new OpCall.SvdFactor(ac, mode, o), values).get(0), null);
            }
            boolean full = mode == SvdMode.FULL;
            List<Tensor> out = run(a.dtype(), o -> new OpCall.SvdFactor(ac, mode, o),
                    LinalgShapes.withLast2(s, m, full ? m : k), values, LinalgShapes.withLast2(s, full ? n : k, n));
            return new SvdFactors(out.get(0), out.get(1), out.get(2));
        }
    }

    @Override
    public Tensor solve(Tensor a, Tensor b) {
        long[] as = LinalgShapes.square(Op.SOLVE, a);
        LinalgShapes.sameDType(Op.SOLVE, a, b);
        long n = as[as.length - 1];
        boolean vector = b.rank() == 1;
        if (vector ? b.dim(0) != n : b.rank() < 2 || b.dim(-2) != n) {
            throw new ShapeMismatchException("solve: b " + Arrays.toString(b.shape()) + " does not match a "
                    + Arrays.toString(a.shape()) + "; b must be (" + n + ") or (..., " + n + ", k)");
        }
        long[] bs = vector ? new long[] {n, 1} : b.shape();
        long[] batch = LinalgShapes.broadcastBatch(Op.SOLVE, as, bs);
        long[] aFull = LinalgShapes.withBatch(batch, n, n);
        long[] bFull = LinalgShapes.withBatch(batch, n, bs[bs.length - 1]);
        try (Tensor b1 = b.contiguous(); Tensor b2 = b1.reshape(bs);
                Tensor av = a.broadcastTo(aFull); Tensor ac = av.contiguous();
                Tensor bv = b2.broadcastTo(bFull); Tensor bc = bv.contiguous()) {
            Tensor x = run(a.dtype(), o -> new OpCall.Solve(ac, bc, o.get(0)), bFull).get(0);
            if (!vector) {
                return x;
            }
            try (x) {
                return x.reshape(LinalgShapes.withBatch(batch, n));
            }
        }
    }

    @Override
    public LeastSquaresSolution lstsq(Tensor a, Tensor b, double rcond) {
        LinalgShapes.sameDType(Op.LSTSQ, a, b);
        if (a.rank() != 2 || !(b.rank() == 1 || b.rank() == 2) || b.dim(0) != a.dim(0)) {
            throw new ShapeMismatchException("lstsq needs a (m, n) and b (m) or (m, k) (one system, as NumPy), got "
                    + Arrays.toString(a.shape()) + " and " + Arrays.toString(b.shape()));
        }
        LinalgShapes.floating(Op.LSTSQ, a);
        long m = a.dim(0);
        long n = a.dim(1);
        boolean vector = b.rank() == 1;
        long k = vector ? 1 : b.dim(1);
        List<Tensor> out;
        try (Tensor ac = a.contiguous(); Tensor b1 = b.contiguous(); Tensor bc = b1.reshape(m, k)) {
            out = run(a.dtype(), List.of(a.dtype(), a.dtype(), DType.I32, a.dtype()),
                    o -> new OpCall.Lstsq(ac, bc, rcond, o), new long[] {n, k}, new long[] {k}, new long[0],
                    new long[] {Math.min(m, n)});
        }
        Tensor x = out.get(0);
        Tensor residuals = out.get(1);
        try {
            // The backend marks "no residuals" (rank < n or m <= n) with NaN; NumPy returns an empty array then.
            if (k > 0 && Float.isNaN(residuals.getFloat(0))) {
                residuals.close();
                residuals = factory.empty(a.dtype(), 0);
            }
            if (vector) {
                try (Tensor x2 = x) {
                    x = x2.reshape(n);
                }
            }
            return new LeastSquaresSolution(x, residuals, out.get(2), out.get(3));
        } catch (RuntimeException | Error e) {
            x.close();
            residuals.close();
            out.get(2).close();
            out.get(3).close();
            throw e;
        }
    }

    @Override
    public Tensor pinv(Tensor a, double rcond) {
        long[] s = LinalgShapes.matrices(Op.PINV, a);
        try (Tensor ac = a.contiguous()) {
            return run(a.dtype(), o -> new OpCall.Pinv(ac, rcond, o.get(0)),
                    LinalgShapes.withLast2(s, s[s.length - 1], s[s.length - 2])).get(0);
        }
    }

    @Override
    public Tensor cond(Tensor a, MatrixNorm ord) {
        long[] s = ord == MatrixNorm.TWO ? LinalgShapes.matrices(Op.COND, a) : LinalgShapes.square(Op.COND, a);
        return normOrCond(Op.COND, a, ord, s);
    }

    @Override
    public Tensor norm(Tensor a, MatrixNorm ord) {
        if (a.rank() == 1) {
            try (Tensor c = a.contiguous(); Tensor column = c.reshape(a.dim(0), 1)) {
                return normOrCond(Op.NORM, column, ord, LinalgShapes.matrices(Op.NORM, column));
            }
        }
        return normOrCond(Op.NORM, a, ord, LinalgShapes.matrices(Op.NORM, a));
    }

    private Tensor normOrCond(Op op, Tensor a, MatrixNorm ord, long[] s) {
        java.util.Objects.requireNonNull(ord, "ord");
        try (Tensor ac = a.contiguous()) {
            return run(a.dtype(), o -> new OpCall.NormOrCond(op, ac, ord, o.get(0)), LinalgShapes.batch(s)).get(0);
        }
    }

    @Override
    public Tensor einsum(String subscripts, Tensor... operands) {
        java.util.Objects.requireNonNull(subscripts, "subscripts");
        if (operands.length == 0) {
            throw new IllegalArgumentException("einsum '" + subscripts + "' needs at least one operand");
        }
        LinalgShapes.sameDType(Op.EINSUM, operands);
        long[][] given = new long[operands.length][];
        for (int i = 0; i < operands.length; i++) {
            given[i] = operands[i].shape();
        }
        EinsumEllipsis explicit = EinsumEllipsis.expand(subscripts, given);
        int[][] shapes = new int[operands.length][];
        for (int i = 0; i < operands.length; i++) {
            shapes[i] = LinalgShapes.intShape(Op.EINSUM, explicit.shapes()[i]);
        }
        int[] outShape = Einsum.outputShape(explicit.subscripts(), shapes);
        List<Tensor> contiguous = new ArrayList<>(operands.length);
        try {
            for (int i = 0; i < operands.length; i++) {
                try (Tensor view = operands[i].broadcastTo(explicit.shapes()[i])) {
                    contiguous.add(view.contiguous());
                }
            }
            long[] shape = Arrays.stream(outShape).asLongStream().toArray();
            return run(operands[0].dtype(), o -> new OpCall.Einsum(explicit.subscripts(), contiguous, o.get(0)),
                    shape).get(0);
        } finally {
            contiguous.forEach(Tensor::close);
        }
    }

    private List<Tensor> run(DType dtype, Function<List<Tensor>, OpCall> call, long[]... shapes) {
        return run(dtype, java.util.Collections.nCopies(shapes.length, dtype), call, shapes);
    }

    private List<Tensor> run(DType dtype, List<DType> dtypes, Function<List<Tensor>, OpCall> call, long[]... shapes) {
        LinalgShapes.floating(dtype);
        List<Tensor> out = new ArrayList<>(shapes.length);
        try {
            for (int i = 0; i < shapes.length; i++) {
                out.add(factory.empty(dtypes.get(i), shapes[i]));
            }
            dispatcher.execute(call.apply(List.copyOf(out)));
            return out;
        } catch (RuntimeException | Error e) {
            out.forEach(Tensor::close);
            throw e;
        }
    }
}
