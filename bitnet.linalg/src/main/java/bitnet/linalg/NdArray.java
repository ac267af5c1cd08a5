package bitnet.linalg;

import bitnet.api.tensor.ShapeMismatchException;
import java.util.Arrays;

/**
 * A dense row-major (C-order) n-dimensional array of doubles: the operand and result type of {@link Einsum} and
 * {@link Batched}. The record does not copy: the caller hands over the arrays.
 *
 * @param shape the dimensions, none negative; a rank-0 array has shape {@code []} and one element
 * @param data the elements, exactly the product of the dimensions
 */
public record NdArray(int[] shape, double[] data) {
    /**
     * @throws ShapeMismatchException if a dimension is negative or the data length does not match the shape
     */
    public NdArray {
        long size = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new ShapeMismatchException("negative dimension in shape " + Arrays.toString(shape));
            }
            size *= d;
        }
        if (data.length != size) {
            throw new ShapeMismatchException("shape " + Arrays.toString(shape) + " needs " + size
                    + " elements, got " + data.length);
        }
    }

    /** @return the number of dimensions */
    public int rank() {
        return shape.length;
    }

    /** @return dimension i, negative i counting from the end */
    public int dim(int i) {
        return shape[i < 0 ? shape.length + i : i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NdArray other && Arrays.equals(shape, other.shape) && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "NdArray" + Arrays.toString(shape);
    }
}
