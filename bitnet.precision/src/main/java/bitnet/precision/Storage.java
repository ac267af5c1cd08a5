package bitnet.precision;

import bitnet.api.precision.Precision;

/**
 * Exact storage of a {@code rows x cols} component at a precision, counted as the {@code bitnet.quant} formats
 * store it, scales included (each scale an F32):
 * <pre>
 *   F32          4n
 *   F16, BF16    2n
 *   INT8         n + 4 * rows                      one absmax scale per row (ActivationQuantizer)
 *   INT4         ceil(n / 2) + 4 * ceil(n / g)     two codes per byte, one scale per g elements (Int4Quantizer)
 *   TERNARY      ceil(n / 4) + 4                   BIT_PACKED_2BIT bytes, one absmean gamma (TernaryQuantizer)
 * </pre>
 * with {@code n = rows * cols}; an empty component takes 0 bytes.
 */
final class Storage {
    private Storage() {
    }

    /**
     * @param p the precision
     * @param rows rows
     * @param cols columns
     * @param int4Group elements per INT4 scale, at least 1
     * @return bytes
     */
    static long bytes(Precision p, long rows, long cols, int int4Group) {
        long n = rows * cols;
        if (n == 0) {
            return 0;
        }
        return switch (p) {
            case F32 -> 4 * n;
            case F16, BF16 -> 2 * n;
            case INT8 -> n + 4 * rows;
            case INT4 -> (n + 1) / 2 + 4 * ((n + int4Group - 1) / int4Group);
            case TERNARY -> (n + 3) / 4 + 4;
        };
    }
}
