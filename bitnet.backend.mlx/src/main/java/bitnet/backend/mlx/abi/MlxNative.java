package bitnet.backend.mlx.abi;

import java.lang.foreign.MemorySegment;

/**
 * The part of the mlx-c API the backend uses, in Java terms: arrays and streams are their {@code ctx} pointers as
 * {@code long} (0 is mlx-c's null array, which the optional arguments accept). {@link FfmMlxNative} calls the real
 * library; tests use a fake that records the graph. Every call that can fail throws what {@link MlxErrors} makes
 * of it. Results are new arrays owned by the caller, who frees them with {@link #free}.
 */
public interface MlxNative {
    /** {@code MLX_BOOL}. */
    int BOOL = 0;
    /** {@code MLX_UINT8}. */
    int UINT8 = 1;
    /** {@code MLX_INT8}. */
    int INT8 = 5;
    /** {@code MLX_INT32}. */
    int INT32 = 7;
    /** {@code MLX_FLOAT32}; the same value in every mlx-c release (FLOAT64 was added after it). */
    int FLOAT32 = 10;

    /** @return {@code mlx_metal_is_available} */
    boolean metalAvailable();

    /** @return a new default GPU stream ({@code mlx_default_gpu_stream_new}) */
    long gpuStream();

    /** @param stream freed ({@code mlx_stream_free}) */
    void freeStream(long stream);

    /**
     * {@code mlx_array_new_data}: MLX copies the bytes.
     *
     * @param data contiguous row-major elements
     * @param shape extents (each below 2^31)
     * @param dtype one of the constants above
     * @return the array
     */
    long array(MemorySegment data, int[] shape, int dtype);

    /**
     * @param value a float
     * @return a scalar array ({@code mlx_array_new_float})
     */
    long scalar(float value);

    /**
     * A function {@code int f(mlx_array* res, mlx_array a, mlx_stream s)}.
     *
     * @param function the mlx-c name ({@code "mlx_abs"})
     * @param a operand
     * @param stream stream
     * @return the result
     */
    long unary(String function, long a, long stream);

    /**
     * A function {@code int f(mlx_array* res, mlx_array a, mlx_array b, mlx_stream s)}.
     *
     * @param function the mlx-c name ({@code "mlx_add"}, {@code "mlx_matmul"})
     * @param a left
     * @param b right
     * @param stream stream
     * @return the result
     */
    long binary(String function, long a, long b, long stream);

    /**
     * {@code mlx_where(res, condition, x, y, s)}.
     *
     * @param condition boolean array
     * @param x where true
     * @param y where false
     * @param stream stream
     * @return the result
     */
    long where(long condition, long x, long y, long stream);

    /**
     * {@code mlx_clip(res, a, a_min, a_max, s)}; a bound of 0 is none.
     *
     * @param a operand
     * @param min lower bound array or 0
     * @param max upper bound array or 0
     * @param stream stream
     * @return the result
     */
    long clip(long a, long min, long max, long stream);

    /**
     * An axis function {@code int f(mlx_array* res, mlx_array a, int axis, bool flag, mlx_stream s)}:
     * {@code mlx_softmax_axis} (flag: precise), {@code mlx_logsumexp_axis} and {@code mlx_max_axis} (flag: keepdims).
     *
     * @param function the mlx-c name
     * @param a operand
     * @param axis the axis
     * @param flag precise or keepdims
     * @param stream stream
     * @return the result
     */
    long axis(String function, long a, int axis, boolean flag, long stream);

    /**
     * {@code mlx_round(res, a, decimals, s)}.
     *
     * @param a operand
     * @param decimals decimals
     * @param stream stream
     * @return the result
     */
    long round(long a, int decimals, long stream);

    /**
     * {@code mlx_astype(res, a, dtype, s)}.
     *
     * @param a operand
     * @param dtype target dtype constant
     * @param stream stream
     * @return the result
     */
    long astype(long a, int dtype, long stream);

    /**
     * {@code mlx_fast_rms_norm(res, x, weight, eps, s)}.
     *
     * @param x operand
     * @param weight weight or 0
     * @param eps epsilon
     * @param stream stream
     * @return the result
     */
    long rmsNorm(long x, long weight, float eps, long stream);

    /**
     * {@code mlx_fast_layer_norm(res, x, weight, bias, eps, s)}.
     *
     * @param x operand
     * @param weight weight or 0
     * @param bias bias or 0
     * @param eps epsilon
     * @param stream stream
     * @return the result
     */
    long layerNorm(long x, long weight, long bias, float eps, long stream);

    /** @param a evaluated now ({@code mlx_array_eval}): MLX is lazy, nothing ran before this */
    void eval(long a);

    /**
     * Copies an evaluated float32 array's elements ({@code mlx_array_data_float32}).
     *
     * @param a an evaluated, row-contiguous float32 array
     * @param target receives {@code count} floats
     * @param count elements
     */
    void copyFloats(long a, MemorySegment target, long count);

    /** @param a freed ({@code mlx_array_free}); 0 is ignored */
    void free(long a);
}
