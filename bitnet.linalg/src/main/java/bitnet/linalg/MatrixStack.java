package bitnet.linalg;

import java.util.Arrays;

import bitnet.api.tensor.ShapeMismatchException;
import bitnet.api.tensor.Tensor;

/**
 * A contiguous tensor seen as a stack of row-major matrices over its leading axes: copies matrix {@code t} in and
 * out of the tensor's memory and checks result shapes.
 */
final class MatrixStack {
    private MatrixStack() {
    }

    /** @return the number of matrices of a tensor of rank >= 2 (the product of the leading axes) */
    static int count(Tensor t) {
        long c = 1;
        for (int i = 0; i < t.rank() - 2; i++) {
            c *= t.dim(i);
        }
        return Math.toIntExact(c);
    }

    static int rows(Tensor t) {
        return Math.toIntExact(t.dim(-2));
    }

    static int cols(Tensor t) {
        return Math.toIntExact(t.dim(-1));
    }

    static int[] intShape(Tensor t) {
        long[] s = t.shape();
        int[] out = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = Math.toIntExact(s[i]);
        }
        return out;
    }

    static int intSize(Tensor t) {
        return Math.toIntExact(t.size());
    }

    /** @return elements [index * size, (index + 1) * size) of t, widened to double */
    static double[] read(Tensor t, int index, int size) {
        return Segments.read(t.segment(), t.dtype().byteSize(t.offset() + (long) index * size), t.dtype(), size);
    }

    /** Writes values over elements [index * values.length, (index + 1) * values.length) of t. */
    static void write(Tensor t, int index, double[] values) {
        Segments.write(values, t.segment(), t.dtype().byteSize(t.offset() + (long) index * values.length), t.dtype());
    }

    /** Writes one value per matrix. */
    static void writeScalar(Tensor t, int index, double value) {
        write(t, index, new double[] {value});
    }

    /**
     * @param t an output
     * @param batch the operand's batch size
     * @param tail the documented per-matrix shape
     * @throws ShapeMismatchException if t does not hold {@code batch} results of that shape
     */
    static void requireResult(String op, Tensor t, int batch, int... tail) {
        long per = 1;
        for (int d : tail) {
            per *= d;
        }
        boolean tailMatches = t.rank() >= tail.length;
        for (int i = 0; tailMatches && i < tail.length; i++) {
            tailMatches = t.dim(t.rank() - tail.length + i) == tail[i];
        }
        if (!tailMatches || t.size() != per * batch || !t.isContiguous()) {
            throw new ShapeMismatchException(op + ": output " + Arrays.toString(t.shape()) + " should be " + batch
                    + " contiguous result(s) of shape " + Arrays.toString(tail));
        }
    }
}
