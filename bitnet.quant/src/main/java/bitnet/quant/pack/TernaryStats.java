package bitnet.quant.pack;

import bitnet.api.quant.PackingStrategy;

/**
 * Statistics of a run of ternary weights, enough to size every strategy without packing: counts, runs (split at
 * the run-length codec's 64) and the bytes the sparse codec's gap varints take. Also, from
 * {@link HybridCodec#DEFAULT_BLOCK}-sized blocks, the hybrid size.
 *
 * @param length weights
 * @param zeros weights equal to 0
 * @param rleBytes bytes of {@link PackingStrategy#RUN_LENGTH_ENCODED}
 * @param sparseBytes bytes of {@link PackingStrategy#COMPRESSED_SPARSE}
 * @param hybridBytes bytes of {@link PackingStrategy#HYBRID} with the default block size
 */
public record TernaryStats(int length, int zeros, long rleBytes, long sparseBytes, long hybridBytes) {
    /**
     * @param trits weights, each -1, 0 or +1
     * @param from first index
     * @param length number of weights
     * @return their statistics
     */
    public static TernaryStats of(byte[] trits, int from, int length) {
        int zeros = 0;
        for (int i = from; i < from + length; i++) {
            zeros += trits[i] == 0 ? 1 : 0;
        }
        long hybrid = 0;
        for (int start = 0; start < length; start += HybridCodec.DEFAULT_BLOCK) {
            int n = Math.min(HybridCodec.DEFAULT_BLOCK, length - start);
            long payload = bytes(HybridCodec.smallest(trits, from + start, n), trits, from + start, n);
            hybrid += 1 + Varint.size(n) + Varint.size((int) payload) + payload;
        }
        return new TernaryStats(length, zeros, RunLengthCodec.encodedSize(trits, from, length),
                SparseCodec.encodedSize(trits, from, length), hybrid);
    }

    /** @return the fraction of zero weights, 0 for an empty range */
    public double zeroFraction() {
        return length == 0 ? 0 : (double) zeros / length;
    }

    /**
     * @param strategy a strategy
     * @return the bytes its packed data takes for these weights
     */
    public long bytes(PackingStrategy strategy) {
        return switch (strategy) {
            case BIT_PACKED_2BIT -> (length + 3L) / 4;
            case BASE3_PACKED -> (length + 4L) / 5;
            case BYTE_ALIGNED -> length;
            case RUN_LENGTH_ENCODED -> rleBytes;
            case COMPRESSED_SPARSE -> sparseBytes;
            case HYBRID -> hybridBytes;
        };
    }

    private static long bytes(PackingStrategy s, byte[] trits, int from, int n) {
        return switch (s) {
            case RUN_LENGTH_ENCODED -> RunLengthCodec.encodedSize(trits, from, n);
            case COMPRESSED_SPARSE -> SparseCodec.encodedSize(trits, from, n);
            case BIT_PACKED_2BIT -> (n + 3L) / 4;
            case BASE3_PACKED -> (n + 4L) / 5;
            default -> n;
        };
    }
}
