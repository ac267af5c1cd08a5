package bitnet.quant.kernel;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

import bitnet.api.backend.OpCall;
import bitnet.api.quant.QuantizationException;
import bitnet.api.tensor.Tensor;
import bitnet.quant.SubByteCodes;
import bitnet.quant.pack.PackedTensorFormat;

/**
 * Runs {@link OpCall.PackTernary} and {@link OpCall.UnpackTernary} on tensors, in the byte layout of
 * {@link PackedTensorFormat}. Both convert through a heap array of one byte per weight, since the codecs work on
 * arrays; packing is a storage step, not a per-token one.
 */
public final class TensorPacking {
    /** TERNARY 2-bit code to value: 0b00 = 0, 0b01 = +1, 0b10 = -1 (0b11 is never written; read as 0). */
    private static final byte[] DECODE = {0, 1, -1, 0};

    private TensorPacking() {
    }

    /**
     * @param call the validated call; its output has exactly the encoded size
     * @throws IllegalStateException if the encoded size differs from the output's (a sizing bug, never the data)
     */
    public static void pack(OpCall.PackTernary call) {
        byte[] bytes = PackedTensorFormat.encode(call.strategy(), call.input().shape(), trits(call.input()));
        Tensor out = call.output();
        if (bytes.length != out.size()) {
            throw new IllegalStateException(call.strategy() + " packed " + call.input().size() + " weights into "
                    + bytes.length + " bytes, but " + out.size() + " were allocated");
        }
        MemorySegment.copy(bytes, 0, out.segment(), ValueLayout.JAVA_BYTE, out.offset(), bytes.length);
    }

    /**
     * @param call the validated call; its output has the shape the header records
     * @throws QuantizationException if the bytes are corrupt
     */
    public static void unpack(OpCall.UnpackTernary call) {
        byte[] bytes = bytes(call.input());
        PackedTensorFormat.Header header = PackedTensorFormat.readHeader(bytes);
        if (!Arrays.equals(header.shape(), call.output().shape())) {
            throw new QuantizationException("packed tensor has shape " + Arrays.toString(header.shape())
                    + ", the output " + Arrays.toString(call.output().shape()));
        }
        writeTrits(call.output(), PackedTensorFormat.decode(bytes, header));
    }

    /**
     * @param t a contiguous TERNARY tensor with room for {@code trits.length} values
     * @param trits values -1, 0, +1, written in the TERNARY layout (2-bit codes, 0b01 = +1, 0b10 = -1, four per
     *     byte, element 0 in the low bits)
     */
    static void writeTrits(Tensor t, byte[] trits) {
        MemorySegment s = t.segment();
        long base = t.offset();
        for (int i = 0; i < trits.length; i++) {
            SubByteCodes.setTrit(s, base + i, trits[i]);
        }
    }

    /**
     * @param t a contiguous TERNARY tensor
     * @return its values, one byte each (-1, 0, +1), row-major
     */
    public static byte[] trits(Tensor t) {
        int n = Math.toIntExact(t.size());
        byte[] out = new byte[n];
        MemorySegment s = t.segment();
        long base = t.offset();
        int i = 0;
        // Element by element up to a byte boundary, then four per byte from a bulk copy of the codes.
        for (; i < n && ((base + i) & 3) != 0; i++) {
            out[i] = (byte) SubByteCodes.trit(s, base + i);
        }
        int whole = (n - i) >>> 2;
        byte[] packed = new byte[whole];
        MemorySegment.copy(s, ValueLayout.JAVA_BYTE, (base + i) >>> 2, packed, 0, whole);
        for (int b = 0; b < whole; b++, i += 4) {
            int v = packed[b];
            out[i] = DECODE[v & 3];
            out[i + 1] = DECODE[(v >>> 2) & 3];
            out[i + 2] = DECODE[(v >>> 4) & 3];
            out[i + 3] = DECODE[(v >>> 6) & 3];
        }
        for (; i < n; i++) {
            out[i] = (byte) SubByteCodes.trit(s, base + i);
        }
        return out;
    }

    /**
     * @param t a contiguous I8 tensor
     * @return its bytes
     */
    public static byte[] bytes(Tensor t) {
        return bytes(t, Integer.MAX_VALUE);
    }

    /**
     * @param t a contiguous I8 tensor
     * @param max the most bytes wanted
     * @return its first {@code min(size, max)} bytes
     */
    public static byte[] bytes(Tensor t, int max) {
        byte[] out = new byte[(int) Math.min(t.size(), max)];
        MemorySegment.copy(t.segment(), ValueLayout.JAVA_BYTE, t.offset(), out, 0, out.length);
        return out;
    }
}
