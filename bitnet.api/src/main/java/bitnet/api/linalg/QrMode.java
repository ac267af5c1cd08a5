package bitnet.api.linalg;

/** Which factors a QR decomposition of an m x n matrix returns, with k = min(m, n); as NumPy's {@code mode}. */
public enum QrMode {
    /** Q is m x k, R is k x n ({@code 'reduced'}, the thin factorisation). */
    REDUCED,
    /** Q is m x m, R is m x n ({@code 'complete'}, the full factorisation). */
    COMPLETE,
    /** Only R, k x n; Q is never formed ({@code 'r'}). */
    R_ONLY
}
