package bitnet.api.linalg;

/** Matrix norms, named as NumPy's {@code numpy.linalg.norm} names them through its {@code ord} argument. */
public enum MatrixNorm {
    /** Frobenius norm: square root of the sum of squared elements ({@code ord='fro'}). */
    FROBENIUS,
    /** Largest absolute column sum ({@code ord=1}). */
    ONE,
    /** Largest absolute row sum ({@code ord=inf}). */
    INF,
    /** Spectral norm, the largest singular value ({@code ord=2}). */
    TWO,
    /** Nuclear norm, the sum of singular values ({@code ord='nuc'}). */
    NUCLEAR
}
