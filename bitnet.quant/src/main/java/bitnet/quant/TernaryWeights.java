package bitnet.quant;

import java.util.Objects;

import bitnet.api.quant.ScaleGranularity;

/**
 * BitNet b1.58 weights after {@link TernaryQuantizer}: a row-major {@code [rows, cols]} matrix of trits with the
 * scales {@code gamma} that map them back, {@code W ~ W_q * gamma}.
 *
 * <p>Arrays are not copied; they belong to this value and must not be changed after construction.
 *
 * @param trits row-major weights, each -1, 0 or +1, length {@code rows * cols}
 * @param gammas one scale for {@link ScaleGranularity#PER_TENSOR}, {@code rows} for {@code PER_CHANNEL},
 *     {@code rows * ceil(cols / groupSize)} for {@code PER_GROUP}
 * @param granularity which weights share a gamma
 * @param rows output features
 * @param cols input features
 * @param groupSize columns per group for {@code PER_GROUP}; {@code cols} otherwise
 */
public record TernaryWeights(byte[] trits, float[] gammas, ScaleGranularity granularity, int rows, int cols,
        int groupSize) {
    /** @throws NullPointerException if an array or the granularity is null */
    public TernaryWeights {
        Objects.requireNonNull(trits, "trits");
        Objects.requireNonNull(gammas, "gammas");
        Objects.requireNonNull(granularity, "granularity");
    }

    /**
     * @param row weight row
     * @param col weight column
     * @return the gamma that scales {@code trits[row * cols + col]}
     */
    public float gamma(int row, int col) {
        return switch (granularity) {
            case PER_TENSOR -> gammas[0];
            case PER_CHANNEL -> gammas[row];
            case PER_GROUP -> gammas[row * groupsPerRow() + col / groupSize];
        };
    }

    /** @return gamma groups in one row: 1 unless {@code PER_GROUP} */
    public int groupsPerRow() {
        return granularity == ScaleGranularity.PER_GROUP ? (cols + groupSize - 1) / groupSize : 1;
    }
}
