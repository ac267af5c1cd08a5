package bitnet.api.io;

/**
 * How a {@link bitnet.api.tensor.DType#BF16} tensor is written to a {@code .npy} file. NumPy itself has no
 * bfloat16 dtype, so there is no single right answer; the two choices trade readability for exactness of the
 * dtype.
 */
public enum Bf16Encoding {
    /**
     * Widen every value to float32 and write descr {@code '<f4'}. Exact (every bfloat16 is a float32), readable
     * by any NumPy, but the file reads back as {@link bitnet.api.tensor.DType#F32}. The default.
     */
    FLOAT32,
    /**
     * Write the raw 16-bit patterns with descr {@code '<V2'}, which is what {@code numpy.save} itself writes for
     * an {@code ml_dtypes.bfloat16} array. Reads back as {@link bitnet.api.tensor.DType#BF16}; in Python, load
     * with {@code numpy.load(f).view(ml_dtypes.bfloat16)}. Half the size of {@link #FLOAT32}.
     */
    RAW_V2
}
