package bitnet.api.linalg;

/** Which factors a singular value decomposition A = U S V^T of an m x n matrix returns, with k = min(m, n). */
public enum SvdMode {
    /** Singular values only ({@code compute_uv=False}). */
    VALUES_ONLY,
    /** U is m x k, V^T is k x n ({@code full_matrices=False}). */
    THIN,
    /** U is m x m, V^T is n x n ({@code full_matrices=True}). */
    FULL
}
