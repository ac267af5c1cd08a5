package bitnet.core.linalg;

import java.util.Arrays;

import bitnet.api.ops.Op;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.ShapeMismatchException;
import bitnet.api.tensor.Tensor;
import bitnet.api.tensor.UnsupportedDTypeException;
import bitnet.core.tensor.Shapes;

/** Dtype and shape checks of {@link DispatchingLinearAlgebra}, and the result shapes it allocates. */
final class LinalgShapes {
    private LinalgShapes() {
    }

    static void floating(DType dtype) {
        if (dtype != DType.F32 && dtype != DType.F64) {
            throw new UnsupportedDTypeException("linear algebra accepts F32 and F64 tensors, not " + dtype
                    + "; convert with cast(x, DType.F32) or DType.F64");
        }
    }

    static void floating(Op op, Tensor t) {
        if (t.dtype() != DType.F32 && t.dtype() != DType.F64) {
            throw new UnsupportedDTypeException(op.id() + " accepts F32 and F64 tensors, not " + t.dtype()
                    + "; convert with cast(x, DType.F32) or DType.F64");
        }
    }

    static void sameDType(Op op, Tensor... tensors) {
        for (Tensor t : tensors) {
            floating(op, t);
            if (t.dtype() != tensors[0].dtype()) {
                throw new UnsupportedDTypeException(op.id() + " needs operands of one dtype, got " + tensors[0].dtype()
                        + " and " + t.dtype() + "; cast one of them");
            }
        }
    }

    /** @return a's shape, checked to be a stack of matrices small enough for int indexing */
    static long[] matrices(Op op, Tensor a) {
        floating(op, a);
        if (a.rank() < 2) {
            throw new ShapeMismatchException(op.id() + " needs a matrix or a stack of matrices (..., m, n), got shape "
                    + Arrays.toString(a.shape()));
        }
        if (a.size() > Integer.MAX_VALUE) {
            throw new ShapeMismatchException(op.id() + ": " + Arrays.toString(a.shape()) + " holds more than 2^31 - 1 "
                    + "elements, the most bitnet.linalg addresses; split the batch");
        }
        return a.shape();
    }

    /** @return a's shape, checked to be a stack of square matrices */
    static long[] square(Op op, Tensor a) {
        long[] s = matrices(op, a);
        if (s[s.length - 1] != s[s.length - 2]) {
            throw new ShapeMismatchException(op.id() + " needs square matrices (..., n, n), got shape "
                    + Arrays.toString(s));
        }
        return s;
    }

    static int[] intShape(Op op, long[] shape) {
        if (Shapes.size(shape) > Integer.MAX_VALUE) {
            throw new ShapeMismatchException(op.id() + ": " + Arrays.toString(shape) + " holds more than 2^31 - 1 "
                    + "elements, the most bitnet.linalg addresses");
        }
        return Arrays.stream(shape).mapToInt(Math::toIntExact).toArray();
    }

    /** @return the leading (batch) axes of a stack's shape */
    static long[] batch(long[] shape) {
        return Arrays.copyOf(shape, shape.length - 2);
    }

    static long[] dropLast(long[] shape) {
        return Arrays.copyOf(shape, shape.length - 1);
    }

    static long[] withLast(long[] shape, long last) {
        long[] s = Arrays.copyOf(shape, shape.length + 1);
        s[shape.length] = last;
        return s;
    }

    /** @return shape with its last two axes replaced by rows, cols */
    static long[] withLast2(long[] shape, long rows, long cols) {
        long[] s = shape.clone();
        s[s.length - 2] = rows;
        s[s.length - 1] = cols;
        return s;
    }

    static long[] withBatch(long[] batch, long... tail) {
        long[] s = Arrays.copyOf(batch, batch.length + tail.length);
        System.arraycopy(tail, 0, s, batch.length, tail.length);
        return s;
    }

    /** @return the NumPy broadcast of the batch axes of two stacks */
    static long[] broadcastBatch(Op op, long[] a, long[] b) {
        try {
            return Shapes.broadcast(batch(a), batch(b));
        } catch (ShapeMismatchException e) {
            throw new ShapeMismatchException(op.id() + ": the batch axes of " + Arrays.toString(a) + " and "
                    + Arrays.toString(b) + " do not broadcast (NumPy rules: equal, or one of them 1)");
        }
    }
}
