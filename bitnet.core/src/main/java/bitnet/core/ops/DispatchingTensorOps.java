package bitnet.core.ops;

import java.util.Arrays;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import bitnet.api.backend.OpCall;
import bitnet.api.dispatch.Dispatcher;
import bitnet.api.ops.Op;
import bitnet.api.ops.TensorOps;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.ShapeMismatchException;
import bitnet.api.tensor.Tensor;
import bitnet.api.tensor.TensorFactory;
import bitnet.api.tensor.UnsupportedDTypeException;
import bitnet.core.tensor.DenseTensor;
import bitnet.core.tensor.Shapes;

/**
 * {@link TensorOps} over the dispatcher: validates operands, works out result shapes (broadcasting, matmul
 * promotion, reductions), allocates the result and hands a fully prepared {@link OpCall} to the dispatcher.
 */
@Component(service = TensorOps.class)
public final class DispatchingTensorOps implements TensorOps {
    private final Dispatcher dispatcher;
    private final TensorFactory factory;

    /**
     * @param dispatcher picks the backend
     * @param factory allocates results
     */
    @Activate
    public DispatchingTensorOps(@Reference Dispatcher dispatcher, @Reference TensorFactory factory) {
        this.dispatcher = dispatcher;
        this.factory = factory;
    }

    @Override
    public Tensor add(Tensor a, Tensor b) {
        return binary(Op.ADD, a, b);
    }

    @Override
    public Tensor sub(Tensor a, Tensor b) {
        return binary(Op.SUB, a, b);
    }

    @Override
    public Tensor mul(Tensor a, Tensor b) {
        return binary(Op.MUL, a, b);
    }

    @Override
    public Tensor div(Tensor a, Tensor b) {
        return binary(Op.DIV, a, b);
    }

    private Tensor binary(Op op, Tensor a, Tensor b) {
        requireFloat(op, a);
        if (a.dtype() != b.dtype()) {
            throw new UnsupportedDTypeException(op.id() + ": operands have dtypes " + a.dtype() + " and " + b.dtype()
                    + "; convert one with to() first");
        }
        long[] shape = Shapes.broadcast(a.shape(), b.shape());
        try (Tensor av = a.broadcastTo(shape); Tensor bv = b.broadcastTo(shape)) {
            return run(factory.empty(a.dtype(), shape), out -> new OpCall.Binary(op, av, bv, out));
        }
    }

    @Override
    public Tensor matmul(Tensor a, Tensor b) {
        requireFloat(Op.MATMUL, a);
        if (a.dtype() != b.dtype()) {
            throw new UnsupportedDTypeException("matmul: operands have dtypes " + a.dtype() + " and " + b.dtype());
        }
        if (a.rank() == 0 || b.rank() == 0) {
            throw new ShapeMismatchException("matmul: operands must have at least one axis, got "
                    + Arrays.toString(a.shape()) + " and " + Arrays.toString(b.shape()));
        }
        // NumPy promotion: a vector on the left becomes [1, k], on the right [k, 1]; the added axis is dropped.
        long[] as = a.rank() == 1 ? new long[] {1, a.dim(0)} : a.shape();
        long[] bs = b.rank() == 1 ? new long[] {b.dim(0), 1} : b.shape();
        long m = as[as.length - 2];
        long k = as[as.length - 1];
        long n = bs[bs.length - 1];
        if (bs[bs.length - 2] != k) {
            throw new ShapeMismatchException("matmul: inner dimensions differ: " + Arrays.toString(a.shape()) + " x "
                    + Arrays.toString(b.shape()) + " (" + k + " != " + bs[bs.length - 2] + ")");
        }
        long[] batch;
        try {
            batch = Shapes.broadcast(Arrays.copyOf(as, as.length - 2), Arrays.copyOf(bs, bs.length - 2));
        } catch (ShapeMismatchException e) {
            throw new ShapeMismatchException("matmul: batch axes of " + Arrays.toString(a.shape()) + " and "
                    + Arrays.toString(b.shape()) + " do not broadcast");
        }
        long batches = Shapes.size(batch);
        try (Tensor a3 = asBatched(a, as, batch, batches); Tensor b3 = asBatched(b, bs, batch, batches)) {
            Tensor out = run(factory.empty(a.dtype(), batches, m, n), o -> new OpCall.MatMul(a3, b3, o));
            // The axes added by promoting a vector operand are dropped again.
            long[] finalShape = Arrays.copyOf(batch, batch.length + (a.rank() > 1 ? 1 : 0) + (b.rank() > 1 ? 1 : 0));
            int at = batch.length;
            if (a.rank() > 1) {
                finalShape[at++] = m;
            }
            if (b.rank() > 1) {
                finalShape[at] = n;
            }
            return reshapeOwned(out, finalShape);
        }
    }

    // A view [batches, rows, cols] of an operand whose leading axes broadcast to `batch`; copies only when the
    // broadcast batch axes cannot be expressed with a single stride.
    private static Tensor asBatched(Tensor t, long[] promoted, long[] batch, long batches) {
        DenseTensor d = dense(t);
        int r = promoted.length;
        long[] strides = t.strides();
        long rows = promoted[r - 2];
        long cols = promoted[r - 1];
        long rowStride;
        long colStride;
        if (t.rank() == 1) {
            rowStride = promoted[0] == 1 ? 0 : strides[0];
            colStride = promoted[0] == 1 ? strides[0] : 0;
        } else {
            rowStride = strides[r - 2];
            colStride = strides[r - 1];
        }
        long[] batchStrides = new long[batch.length];
        int lead = batch.length - (r - 2);
        for (int i = 0; i < batch.length; i++) {
            int src = i - lead;
            batchStrides[i] = src < 0 || promoted[src] == 1 ? 0 : strides[src];
        }
        Long single = singleStride(batch, batchStrides);
        if (single != null) {
            return d.view(new long[] {batches, rows, cols}, new long[] {single, rowStride, colStride}, t.offset());
        }
        long[] full = Arrays.copyOf(batch, batch.length + 2);
        full[batch.length] = rows;
        full[batch.length + 1] = cols;
        long[] fullStrides = Arrays.copyOf(batchStrides, batch.length + 2);
        fullStrides[batch.length] = rowStride;
        fullStrides[batch.length + 1] = colStride;
        try (DenseTensor expanded = d.view(full, fullStrides, t.offset()); Tensor copy = expanded.contiguous()) {
            return copy.reshape(batches, rows, cols);
        }
    }

    private static Long singleStride(long[] shape, long[] strides) {
        long stride = 0;
        boolean found = false;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] == 1) {
                continue;
            }
            if (!found) {
                stride = strides[i];
                found = true;
                continue;
            }
            long inner = 1;
            for (int j = i + 1; j < shape.length; j++) {
                inner *= shape[j];
            }
            if (strides[i] != stride * inner) {
                return null;
            }
        }
        return stride;
    }

    @Override
    public Tensor sum(Tensor x, int axis, boolean keepDims) {
        return reduce(Op.SUM, x, axis, keepDims);
    }

    @Override
    public Tensor mean(Tensor x, int axis, boolean keepDims) {
        return reduce(Op.MEAN, x, axis, keepDims);
    }

    private Tensor reduce(Op op, Tensor x, int axis, boolean keepDims) {
        requireFloat(op, x);
        int ax = Shapes.axis(axis, x.rank());
        long[] shape = x.shape();
        Tensor out = run(factory.empty(x.dtype(), Shapes.without(shape, ax)), o -> new OpCall.Reduce(op, x, ax, o));
        if (!keepDims) {
            return out;
        }
        long[] kept = shape.clone();
        kept[ax] = 1;
        return reshapeOwned(out, kept);
    }

    @Override
    public Tensor relu(Tensor x) {
        return unary(Op.RELU, x);
    }

    @Override
    public Tensor gelu(Tensor x) {
        return unary(Op.GELU, x);
    }

    private Tensor unary(Op op, Tensor x) {
        requireFloat(op, x);
        return run(factory.empty(x.dtype(), x.shape()), out -> new OpCall.Unary(op, x, out));
    }

    @Override
    public Tensor softmax(Tensor x, int axis) {
        requireFloat(Op.SOFTMAX, x);
        int ax = Shapes.axis(axis, x.rank());
        return run(factory.empty(x.dtype(), x.shape()), out -> new OpCall.Softmax(x, ax, out));
    }

    private Tensor run(Tensor out, java.util.function.Function<Tensor, OpCall> call) {
        try {
            dispatcher.execute(call.apply(out));
            return out;
        } catch (RuntimeException | Error e) {
            out.close();
            throw e;
        }
    }

    private static Tensor reshapeOwned(Tensor out, long[] shape) {
        try (out) {
            return out.reshape(shape);
        }
    }

    private static void requireFloat(Op op, Tensor x) {
        if (x.dtype() != DType.F32) {
            throw new UnsupportedDTypeException(op.id() + " accepts F32 tensors, not " + x.dtype()
                    + "; convert with to(DType.F32)");
        }
    }

    private static DenseTensor dense(Tensor t) {
        if (t instanceof DenseTensor d) {
            return d;
        }
        throw new IllegalArgumentException("tensor " + t + " was not created by the platform's TensorFactory");
    }
}
