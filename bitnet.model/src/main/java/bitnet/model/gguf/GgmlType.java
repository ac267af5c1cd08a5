package bitnet.model.gguf;

import java.util.Map;

import bitnet.model.load.StoredType;
import bitnet.model.ternary.I2sCodes;
import bitnet.model.ternary.Tq1Codes;
import bitnet.model.ternary.Tq2Codes;

/**
 * The ggml tensor types this loader reads, with their ids (ggml.h; 36 is I2_S in bitnet.cpp's llama.cpp fork),
 * block sizes (values per block along ggml's first dimension) and storage sizes.
 */
enum GgmlType {
    F32(0, StoredType.F32, 1),
    F16(1, StoredType.F16, 1),
    Q8_0(8, StoredType.Q8_0, 32),
    BF16(30, StoredType.BF16, 1),
    TQ1_0(34, StoredType.TQ1_0, Tq1Codes.BLOCK),
    TQ2_0(35, StoredType.TQ2_0, Tq2Codes.BLOCK),
    I2_S(36, StoredType.I2_S, I2sCodes.CHUNK);

    /** Names of ggml types this loader does not read, for messages. */
    private static final Map<Integer, String> OTHERS = Map.ofEntries(Map.entry(2, "Q4_0"), Map.entry(3, "Q4_1"),
            Map.entry(6, "Q5_0"), Map.entry(7, "Q5_1"), Map.entry(9, "Q8_1"), Map.entry(10, "Q2_K"),
            Map.entry(11, "Q3_K"), Map.entry(12, "Q4_K"), Map.entry(13, "Q5_K"), Map.entry(14, "Q6_K"),
            Map.entry(15, "Q8_K"), Map.entry(16, "IQ2_XXS"), Map.entry(17, "IQ2_XS"), Map.entry(18, "IQ3_XXS"),
            Map.entry(19, "IQ1_S"), Map.entry(20, "IQ4_NL"), Map.entry(21, "IQ3_S"), Map.entry(22, "IQ2_S"),
            Map.entry(23, "IQ4_XS"), Map.entry(24, "I8"), Map.entry(25, "I16"), Map.entry(26, "I32"),
            Map.entry(27, "I64"), Map.entry(28, "F64"), Map.entry(29, "IQ1_M"));

    final int id;
    final StoredType stored;
    final int block;

    GgmlType(int id, StoredType stored, int block) {
        this.id = id;
        this.stored = stored;
        this.block = block;
    }

    /**
     * @param id a ggml type id
     * @return the type, or null if this loader does not read it
     */
    static GgmlType of(long id) {
        for (GgmlType t : values()) {
            if (t.id == id) {
                return t;
            }
        }
        return null;
    }

    /**
     * @param id a ggml type id
     * @return e.g. {@code "12 (Q4_K)"}, or just the number for ids unknown here
     */
    static String describe(long id) {
        String name = id >= 0 && id <= Integer.MAX_VALUE ? OTHERS.get((int) id) : null;
        return name == null ? Long.toUnsignedString(id) : id + " (" + name + ")";
    }

    /** @return the supported type names, for messages */
    static String supported() {
        StringBuilder s = new StringBuilder();
        for (GgmlType t : values()) {
            s.append(s.isEmpty() ? "" : ", ").append(t.name());
        }
        return s.toString();
    }

    /**
     * @param n values (a multiple of {@link #block})
     * @return bytes stored for {@code n} values
     * @throws ArithmeticException if the size overflows
     */
    long bytes(long n) {
        return switch (this) {
            case F32 -> Math.multiplyExact(n, 4L);
            case F16, BF16 -> Math.multiplyExact(n, 2L);
            case Q8_0 -> Math.multiplyExact(n / 32, 34L);
            case TQ1_0 -> Tq1Codes.storedBytes(n);
            case TQ2_0 -> Tq2Codes.storedBytes(n);
            case I2_S -> I2sCodes.storedBytes(n);
        };
    }
}
