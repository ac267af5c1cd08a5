package bitnet.quant.pack;

import java.util.Arrays;

import bitnet.api.quant.PackedTernary;
import bitnet.api.quant.PackingStrategy;
import bitnet.api.quant.QuantizationException;

/**
 * A packed ternary tensor as one self-describing byte string, so a file of packed bytes can be unpacked without
 * side information:
 * <pre>
 * 'B' 'T' 'P' version(1) | strategy ordinal (1 byte) | rank (varint) | each dimension (varint) | payload
 * </pre>
 * The payload is the {@link PackingStrategy}'s bytes for the {@code product(dimensions)} weights in row-major
 * order, to the end of the string; varints are unsigned LEB128. The header costs {@code 6 + rank} bytes for
 * dimensions below 128 (a few more for larger ones).
 */
public final class PackedTensorFormat {
    /** The format version written into every header. */
    public static final int VERSION = 1;

    private static final byte[] MAGIC = {'B', 'T', 'P'};
    private static final int MAX_RANK = 64;
    /** No valid header is longer: magic, version, strategy, rank and {@value #MAX_RANK} five-byte varints. */
    public static final int MAX_HEADER_BYTES = MAGIC.length + 2 + 1 + MAX_RANK * 5;

    private PackedTensorFormat() {
    }

    /**
     * The decoded header.
     *
     * @param strategy the payload's packing
     * @param shape the tensor's shape
     * @param payloadOffset where the payload starts
     */
    public record Header(PackingStrategy strategy, long[] shape, int payloadOffset) {
        /** @return the number of weights, the product of the shape */
        public int elements() {
            long n = 1;
            for (long d : shape) {
                n = Math.multiplyExact(n, d);
            }
            return Math.toIntExact(n);
        }
    }

    /**
     * @param shape a tensor shape with dimensions below 2^31
     * @return the bytes of its header
     */
    public static int headerSize(long[] shape) {
        int n = MAGIC.length + 2 + Varint.size(shape.length);
        for (long d : shape) {
            n += Varint.size(Math.toIntExact(d));
        }
        return n;
    }

    /**
     * @param strategy the packing
     * @param stats statistics of the weights
     * @param shape their shape
     * @return the exact size {@link #encode} will produce
     */
    public static long encodedSize(PackingStrategy strategy, TernaryStats stats, long[] shape) {
        return headerSize(shape) + stats.bytes(strategy);
    }

    /**
     * @param strategy the packing
     * @param shape the shape, whose product is {@code trits.length}
     * @param trits the weights, each -1, 0 or +1, row-major
     * @return header and payload
     */
    public static byte[] encode(PackingStrategy strategy, long[] shape, byte[] trits) {
        PackedTernary packed = Codecs.of(strategy).pack(trits);
        byte[] out = new byte[headerSize(shape) + packed.data().length];
        int pos = writeHeader(out, strategy, shape);
        System.arraycopy(packed.data(), 0, out, pos, packed.data().length);
        return out;
    }

    /**
     * @param bytes a packed tensor, or at least its first {@link #MAX_HEADER_BYTES} bytes
     * @return its header
     * @throws QuantizationException if the bytes do not start with a valid header
     */
    public static Header readHeader(byte[] bytes) {
        if (bytes.length < MAGIC.length + 2 || bytes[0] != MAGIC[0] || bytes[1] != MAGIC[1] || bytes[2] != MAGIC[2]) {
            throw new QuantizationException("not a packed ternary tensor: it does not start with the bytes 'BTP' "
                    + "(write one with pack_ternary / TensorOps.packTernary)");
        }
        if (bytes[3] != VERSION) {
            throw new QuantizationException("packed ternary tensor of format version " + bytes[3]
                    + "; this build reads version " + VERSION);
        }
        int ordinal = bytes[4];
        PackingStrategy[] all = PackingStrategy.values();
        if (ordinal < 0 || ordinal >= all.length) {
            throw new QuantizationException("packed ternary tensor names strategy number " + ordinal
                    + "; known: 0 .. " + (all.length - 1) + " " + Arrays.toString(all));
        }
        PackingStrategy strategy = all[ordinal];
        int[] cursor = {5};
        int rank = Varint.read(bytes, cursor, bytes.length, strategy);
        if (rank > MAX_RANK) {
            throw new QuantizationException("packed ternary tensor header claims rank " + rank + "; corrupt header");
        }
        long[] shape = new long[rank];
        long n = 1;
        for (int i = 0; i < rank; i++) {
            shape[i] = Varint.read(bytes, cursor, bytes.length, strategy);
            n *= shape[i];
            if (n > Integer.MAX_VALUE) {
                throw new QuantizationException("packed ternary tensor header claims shape " + Arrays.toString(
                        Arrays.copyOf(shape, i + 1)) + ", more than 2^31 - 1 weights; corrupt header");
            }
        }
        return new Header(strategy, shape, cursor[0]);
    }

    /**
     * @param bytes a packed tensor
     * @param header its header, from {@link #readHeader}
     * @return the weights, row-major
     * @throws QuantizationException if the payload is corrupt or truncated
     */
    public static byte[] decode(byte[] bytes, Header header) {
        checkPayload(header, bytes.length - header.payloadOffset());
        byte[] payload = Arrays.copyOfRange(bytes, header.payloadOffset(), bytes.length);
        return Codecs.of(header.strategy()).unpack(new PackedTernary(header.strategy(), header.elements(), payload));
    }

    /**
     * Refuses a header that claims more weights than its payload can hold, before anything is allocated for them:
     * 2-bit packing holds 4 weights a byte, base-3 5, byte-aligned 1, a run 64. Sparse and hybrid payloads hold any
     * number (a run of zeros costs nothing in sparse), so for them the caller's budget bounds what is allocated.
     *
     * @param header a header from {@link #readHeader}
     * @param payloadBytes the bytes that follow it
     * @throws QuantizationException if the payload is too short for the weights the header claims
     */
    public static void checkPayload(Header header, long payloadBytes) {
        long perByte = switch (header.strategy()) {
            case BIT_PACKED_2BIT -> 4;
            case BASE3_PACKED -> 5;
            case BYTE_ALIGNED -> 1;
            case RUN_LENGTH_ENCODED -> RunLengthCodec.MAX_RUN;
            case COMPRESSED_SPARSE, HYBRID -> Long.MAX_VALUE;
        };
        long elements = header.elements();
        if (perByte != Long.MAX_VALUE && elements > perByte * payloadBytes) {
            throw new QuantizationException("packed ternary tensor claims shape " + Arrays.toString(header.shape())
                    + " = " + elements + " weights, but its " + payloadBytes + " payload bytes hold at most "
                    + perByte * payloadBytes + " as " + header.strategy() + "; corrupt or truncated");
        }
    }

    private static int writeHeader(byte[] out, PackingStrategy strategy, long[] shape) {
        System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
        out[3] = VERSION;
        out[4] = (byte) strategy.ordinal();
        int pos = Varint.write(out, 5, shape.length);
        for (long d : shape) {
            pos = Varint.write(out, pos, Math.toIntExact(d));
        }
        return pos;
    }
}
