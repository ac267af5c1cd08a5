package bitnet.backend.mlx.abi;

/**
 * The check made before an evaluated result is copied out with {@code mlx_array_data_float32}: MLX may return a
 * view with other strides (a transpose, a broadcast), and a raw copy of such a buffer would be silently wrong.
 */
public final class MlxLayout {
    private MlxLayout() {
    }

    /**
     * @param dtype the array's {@code mlx_dtype}
     * @param shape its extents
     * @param strides its strides, in elements ({@code mlx_array_strides})
     * @param count the elements the caller will copy
     * @throws MlxException if the array is not float32, not {@code count} elements, or not row-contiguous
     */
    public static void requireRowContiguousFloats(int dtype, int[] shape, long[] strides, long count) {
        if (dtype != MlxNative.FLOAT32) {
            throw new MlxException("mlx: result has dtype " + dtype + ", not float32 (" + MlxNative.FLOAT32 + ")");
        }
        long size = 1;
        for (int d : shape) {
            size *= d;
        }
        if (size != count) {
            throw new MlxException("mlx: result has " + size + " elements, the output " + count);
        }
        long expected = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] != 1 && strides[d] != expected) {
                throw new MlxException("mlx: result is not row-contiguous (axis " + d + " has stride " + strides[d]
                        + ", expected " + expected + ")");
            }
            expected *= shape[d];
        }
    }
}
