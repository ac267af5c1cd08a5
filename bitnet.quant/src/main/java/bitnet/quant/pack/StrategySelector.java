package bitnet.quant.pack;

import bitnet.api.quant.PackingStrategy;

/**
 * Picks a packing strategy from {@link TernaryStats}: the one with the fewest bytes, except that
 * {@link PackingStrategy#HYBRID} must beat the best single strategy by {@value #HYBRID_GAIN_PERCENT} %, since its
 * block headers cost decode time, and {@link PackingStrategy#BIT_PACKED_2BIT} wins ties because the kernels read it
 * fastest.
 */
public final class StrategySelector {
    /** Percent by which hybrid must undercut the best single strategy to be chosen. */
    public static final int HYBRID_GAIN_PERCENT = 5;

    private static final PackingStrategy[] SINGLE = {PackingStrategy.BIT_PACKED_2BIT, PackingStrategy.BASE3_PACKED,
        PackingStrategy.RUN_LENGTH_ENCODED, PackingStrategy.COMPRESSED_SPARSE, PackingStrategy.BYTE_ALIGNED};

    private StrategySelector() {
    }

    /**
     * @param stats statistics of the weights
     * @return the strategy to pack them with
     */
    public static PackingStrategy select(TernaryStats stats) {
        PackingStrategy best = SINGLE[0];
        for (PackingStrategy s : SINGLE) {
            if (stats.bytes(s) < stats.bytes(best)) {
                best = s;
            }
        }
        if (stats.bytes(PackingStrategy.HYBRID) * 100 < stats.bytes(best) * (100 - HYBRID_GAIN_PERCENT)) {
            return PackingStrategy.HYBRID;
        }
        return best;
    }
}
