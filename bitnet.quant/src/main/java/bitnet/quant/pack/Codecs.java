package bitnet.quant.pack;

import bitnet.api.quant.PackedTernary;
import bitnet.api.quant.PackingStrategy;
import bitnet.api.quant.TernaryCodec;

/** The codec of each {@link PackingStrategy}; codecs are stateless, so one shared instance each. */
public final class Codecs {
    private static final TernaryCodec BIT2 = new BitPacked2BitCodec();
    private static final TernaryCodec BASE3 = new Base3Codec();
    private static final TernaryCodec BYTES = new ByteAlignedCodec();
    private static final TernaryCodec RLE = new RunLengthCodec();
    private static final TernaryCodec SPARSE = new SparseCodec();
    private static final TernaryCodec HYBRID = new HybridCodec(HybridCodec.DEFAULT_BLOCK);

    private Codecs() {
    }

    /**
     * @param strategy a strategy
     * @return its codec ({@link HybridCodec#DEFAULT_BLOCK} blocks for {@code HYBRID})
     */
    public static TernaryCodec of(PackingStrategy strategy) {
        return switch (strategy) {
            case BIT_PACKED_2BIT -> BIT2;
            case BASE3_PACKED -> BASE3;
            case BYTE_ALIGNED -> BYTES;
            case RUN_LENGTH_ENCODED -> RLE;
            case COMPRESSED_SPARSE -> SPARSE;
            case HYBRID -> HYBRID;
        };
    }

    /**
     * @param packed packed weights of any strategy
     * @return a new array of the weights
     * @throws bitnet.api.quant.QuantizationException if the data is corrupt
     */
    public static byte[] unpack(PackedTernary packed) {
        return of(packed.strategy()).unpack(packed);
    }

    /**
     * Packs with the strategy {@link StrategySelector} picks for these weights.
     *
     * @param trits weights, each -1, 0 or +1
     * @return the packed value; its {@link PackedTernary#strategy()} says which was chosen
     */
    public static PackedTernary packAuto(byte[] trits) {
        return of(StrategySelector.select(TernaryStats.of(trits, 0, trits.length))).pack(trits);
    }
}
