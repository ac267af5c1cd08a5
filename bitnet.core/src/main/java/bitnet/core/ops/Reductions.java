package bitnet.core.ops;

import java.util.Arrays;
import java.util.function.Function;

import bitnet.api.backend.OpCall;
import bitnet.api.ops.Op;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;
import bitnet.core.tensor.PooledTensorFactory;
import bitnet.core.tensor.Shapes;

/**
 * Reductions over any set of axes, expressed as one single-axis {@link OpCall.Reduce}: one axis is passed as is
 * (any layout); several axes are moved to the end and merged, which copies only if the view is not contiguous.
 */
final class Reductions {
    private Reductions() {
    }

    static Tensor reduce(Op op, Tensor x, boolean keepDims, double ddof, int[] axes, PooledTensorFactory factory,
            Function<OpCall, Tensor> run) {
        int rank = x.rank();
        boolean arg = op == Op.ARGMIN || op == Op.ARGMAX;
        boolean[] reduced = new boolean[rank];
        if (axes.length == 0) {
            Arrays.fill(reduced, true);
        }
        for (int a : axes) {
            int ax = Shapes.axis(a, rank);
            if (reduced[ax]) {
                throw new IllegalArgumentException(op.id() + ": axis " + a + " is given twice");
            }
            reduced[ax] = true;
        }
        if (arg && axes.length > 1) {
            throw new IllegalArgumentException(op.id() + " takes one axis or none, got " + Arrays.toString(axes));
        }
        long[] shape = x.shape();
        long count = 1;
        int kept = 0;
        for (int i = 0; i < rank; i++) {
            if (reduced[i]) {
                count *= shape[i];
            } else {
                kept++;
            }
        }
        if (count == 0 && (arg || op == Op.MIN || op == Op.MAX)) {
            throw new IllegalArgumentException(op.id() + ": zero-size reduction has no identity (shape "
                    + Arrays.toString(shape) + ", axes " + Arrays.toString(axes) + ")");
        }
        long[] keptShape = new long[kept];
        long[] keepDimsShape = shape.clone();
        int[] order = new int[rank];
        int at = 0;
        for (int i = 0; i < rank; i++) {
            if (!reduced[i]) {
                keptShape[at] = shape[i];
                order[at++] = i;
            } else {
                keepDimsShape[i] = 1;
            }
        }
        for (int i = 0; i < rank; i++) {
            if (reduced[i]) {
                order[at++] = i;
            }
        }
        DType outType = arg ? DType.I32 : DType.F32;
        Tensor out;
        if (rank == 0) {
            try (Tensor one = x.contiguous(); Tensor flat = one.reshape(1)) {
                out = run.apply(new OpCall.Reduce(op, flat, 0, ddof, factory.empty(outType)));
            }
        } else if (rank - kept == 1 && !(arg && axes.length == 0)) {
            int axis = order[rank - 1];
            out = run.apply(new OpCall.Reduce(op, x, axis, ddof, factory.empty(outType, keptShape)));
        } else {
            long[] merged = Arrays.copyOf(keptShape, kept + 1);
            merged[kept] = count;
            try (Tensor moved = x.permute(order); Tensor contiguous = moved.contiguous();
                    Tensor flat = contiguous.reshape(merged)) {
                out = run.apply(new OpCall.Reduce(op, flat, kept, ddof, factory.empty(outType, keptShape)));
            }
        }
        if (!keepDims) {
            return out;
        }
        try (out) {
            return out.reshape(keepDimsShape);
        }
    }
}
