package bitnet.core.tensor;

import java.util.Arrays;

import bitnet.api.tensor.ShapeMismatchException;

/** Shape arithmetic: sizes, row-major strides, NumPy broadcasting, axis normalisation. */
public final class Shapes {
    private Shapes() {
    }

    /**
     * @param shape extents
     * @return the product of the extents
     * @throws IllegalArgumentException on a negative extent or overflow
     */
    public static long size(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative extent in shape " + Arrays.toString(shape));
            }
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has too many elements");
            }
        }
        return n;
    }

    /**
     * @param shape extents
     * @return row-major strides in elements
     */
    public static long[] contiguousStrides(long[] shape) {
        long[] strides = new long[shape.length];
        long s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            strides[i] = s;
            s *= Math.max(shape[i], 1);
        }
        return strides;
    }

    /**
     * NumPy broadcasting: shapes are aligned on the right; each pair of extents must be equal or one of them 1.
     *
     * @param a first shape
     * @param b second shape
     * @return the broadcast shape
     * @throws ShapeMismatchException naming both shapes and the first axis that clashes
     */
    public static long[] broadcast(long[] a, long[] b) {
        int rank = Math.max(a.length, b.length);
        long[] out = new long[rank];
        for (int i = 1; i <= rank; i++) {
            long da = i <= a.length ? a[a.length - i] : 1;
            long db = i <= b.length ? b[b.length - i] : 1;
            if (da != db && da != 1 && db != 1) {
                throw new ShapeMismatchException("shapes " + Arrays.toString(a) + " and " + Arrays.toString(b)
                        + " do not broadcast: axis " + -i + " has extents " + da + " and " + db);
            }
            out[rank - i] = da == 1 ? db : da;
        }
        return out;
    }

    /**
     * @param axis an axis, negative counts from the end
     * @param rank the tensor's rank
     * @return the axis in {@code [0, rank)}
     * @throws IllegalArgumentException if out of range
     */
    public static int axis(int axis, int rank) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException("axis " + axis + " is out of range for a tensor of rank " + rank);
        }
        return a;
    }

    /**
     * @param shape a shape
     * @param axis an axis in range
     * @return the shape without that axis
     */
    public static long[] without(long[] shape, int axis) {
        long[] out = new long[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (i != axis) {
                out[j++] = shape[i];
            }
        }
        return out;
    }
}
