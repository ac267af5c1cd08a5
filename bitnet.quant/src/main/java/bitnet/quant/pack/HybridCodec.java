package bitnet.quant.pack;

import java.io.ByteArrayOutputStream;

import bitnet.api.quant.PackedTernary;
import bitnet.api.quant.PackingStrategy;
import bitnet.api.quant.QuantizationException;
import bitnet.api.quant.TernaryCodec;

/**
 * {@link PackingStrategy#HYBRID}: the weights in blocks of {@link #blockSize()}, each block stored with the
 * smallest of the five other strategies as {@code [ordinal byte][varint count][varint bytes][payload]}.
 * The count travels with each block, so a reader never assumes a full block (the earlier design did, and every
 * block after a short one came out shifted).
 */
public final class HybridCodec implements TernaryCodec {
    /** Block size of {@link Codecs#of(PackingStrategy)}'s hybrid codec. */
    public static final int DEFAULT_BLOCK = 1024;

    private static final PackingStrategy[] CANDIDATES = {PackingStrategy.BIT_PACKED_2BIT, PackingStrategy.BASE3_PACKED,
        PackingStrategy.BYTE_ALIGNED, PackingStrategy.RUN_LENGTH_ENCODED, PackingStrategy.COMPRESSED_SPARSE};

    private final int blockSize;

    /**
     * @param blockSize weights per block, at least 1
     * @throws QuantizationException if {@code blockSize < 1}
     */
    public HybridCodec(int blockSize) {
        if (blockSize < 1) {
            throw new QuantizationException("hybrid block size must be at least 1, got " + blockSize);
        }
        this.blockSize = blockSize;
    }

    /** @return weights per block when packing (a reader takes each block's own count) */
    public int blockSize() {
        return blockSize;
    }

    @Override
    public PackingStrategy strategy() {
        return PackingStrategy.HYBRID;
    }

    @Override
    public PackedTernary pack(byte[] trits, int from, int length) {
        Trits.checkRange(trits, from, length);
        ByteArrayOutputStream out = new ByteArrayOutputStream(length / 4 + 16);
        byte[] header = new byte[11];
        for (int start = 0; start < length; start += blockSize) {
            int n = Math.min(blockSize, length - start);
            PackingStrategy best = smallest(trits, from + start, n);
            PackedTernary block = Codecs.of(best).pack(trits, from + start, n);
            header[0] = (byte) best.ordinal();
            int pos = Varint.write(header, 1, n);
            pos = Varint.write(header, pos, block.data().length);
            out.write(header, 0, pos);
            out.write(block.data(), 0, block.data().length);
        }
        return new PackedTernary(strategy(), length, out.toByteArray());
    }

    /** @return the strategy with the fewest payload bytes for this range (ties to the earlier candidate) */
    static PackingStrategy smallest(byte[] trits, int from, int n) {
        PackingStrategy best = CANDIDATES[0];
        long bestSize = Long.MAX_VALUE;
        for (PackingStrategy s : CANDIDATES) {
            long size = switch (s) {
                case BIT_PACKED_2BIT -> (n + 3L) / 4;
                case BASE3_PACKED -> (n + 4L) / 5;
                case BYTE_ALIGNED -> n;
                case RUN_LENGTH_ENCODED -> RunLengthCodec.encodedSize(trits, from, n);
                case COMPRESSED_SPARSE -> SparseCodec.encodedSize(trits, from, n);
                case HYBRID -> Long.MAX_VALUE;
            };
            if (size < bestSize) {
                bestSize = size;
                best = s;
            }
        }
        return best;
    }

    @Override
    public void unpack(PackedTernary packed, byte[] out, int offset) {
        Trits.checkUnpack(packed, strategy(), out, offset);
        byte[] data = packed.data();
        int[] cursor = {0};
        int written = 0;
        while (cursor[0] < data.length) {
            int ordinal = data[cursor[0]++];
            if (ordinal < 0 || ordinal >= CANDIDATES.length) {
                throw Trits.corrupt(strategy(), "block at byte " + (cursor[0] - 1) + " names strategy " + ordinal);
            }
            int n = Varint.read(data, cursor, data.length, strategy());
            int bytes = Varint.read(data, cursor, data.length, strategy());
            if (bytes > data.length - cursor[0] || n > packed.length() - written) {
                throw Trits.corrupt(strategy(), "block at weight " + written + " claims " + n + " weights in "
                        + bytes + " bytes, more than remain");
            }
            byte[] payload = java.util.Arrays.copyOfRange(data, cursor[0], cursor[0] + bytes);
            PackingStrategy s = CANDIDATES[ordinal];
            Codecs.of(s).unpack(new PackedTernary(s, n, payload), out, offset + written);
            cursor[0] += bytes;
            written += n;
        }
        if (written != packed.length()) {
            throw Trits.corrupt(strategy(), "blocks hold " + written + " weights, " + packed.length() + " declared");
        }
    }
}
