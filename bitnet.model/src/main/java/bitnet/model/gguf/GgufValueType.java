package bitnet.model.gguf;

/** GGUF metadata value types, by their ids in the file (ggml docs/gguf.md). */
enum GgufValueType {
    UINT8(1), INT8(1), UINT16(2), INT16(2), UINT32(4), INT32(4), FLOAT32(4), BOOL(1), STRING(8), ARRAY(12),
    UINT64(8), INT64(8), FLOAT64(8);

    /** The fewest bytes one value takes in the file (a string's length, an array's type and count). */
    final int minBytes;

    GgufValueType(int minBytes) {
        this.minBytes = minBytes;
    }

    /**
     * @param id the id in the file
     * @return the type, or null for an unknown id
     */
    static GgufValueType of(long id) {
        return id >= 0 && id < values().length ? values()[(int) id] : null;
    }
}
