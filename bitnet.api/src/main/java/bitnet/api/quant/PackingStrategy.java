package bitnet.api.quant;

/**
 * Storage formats for ternary weights {-1, 0, +1}. Every strategy is lossless at every length.
 *
 * <p>The byte layouts are part of the contract, so packed data written by one version reads in the next:
 * <ul>
 *   <li>{@link #BIT_PACKED_2BIT}: code {@code w + 1} in 2 bits, element {@code i} in byte {@code i / 4} at bit
 *       {@code 2 * (i % 4)}; {@code ceil(n / 4)} bytes.</li>
 *   <li>{@link #BASE3_PACKED}: five trits per byte, byte value {@code sum_j (w[5b + j] + 1) * 3^j} (at most 242);
 *       {@code ceil(n / 5)} bytes.</li>
 *   <li>{@link #BYTE_ALIGNED}: one signed byte per weight; {@code n} bytes.</li>
 *   <li>{@link #RUN_LENGTH_ENCODED}: one byte per run of equal weights, {@code (w + 1) << 6 | (runLength - 1)},
 *       runs of 1..64; longer runs continue in the next byte.</li>
 *   <li>{@link #COMPRESSED_SPARSE}: for each non-zero weight in ascending position, an unsigned LEB128 varint of
 *       {@code (gap << 1) | (w < 0 ? 1 : 0)}, where {@code gap} counts the zeros since the previous non-zero.</li>
 *   <li>{@link #HYBRID}: blocks of consecutive weights; each block is a strategy ordinal byte, a varint element
 *       count, a varint payload length and the payload in that (non-hybrid) strategy, the smallest one for the
 *       block. The element count is per block, so a short last block does not shift anything.</li>
 * </ul>
 */
public enum PackingStrategy {
    /** Four weights per byte, 2-bit codes. */
    BIT_PACKED_2BIT,
    /** Five weights per byte, base-3 digits (1.6 bits per weight). */
    BASE3_PACKED,
    /** One signed byte per weight. */
    BYTE_ALIGNED,
    /** Runs of equal weights, one byte per run of up to 64. */
    RUN_LENGTH_ENCODED,
    /** Positions and signs of non-zero weights, delta-coded varints; small when most weights are zero. */
    COMPRESSED_SPARSE,
    /** Per block, the smallest of the other strategies; each block records its own element count. */
    HYBRID
}
