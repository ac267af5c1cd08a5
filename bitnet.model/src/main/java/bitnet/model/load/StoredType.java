package bitnet.model.load;

/** How a tensor is stored in a checkpoint file: safetensors dtypes and ggml types, by their usual names. */
public enum StoredType {
    /** IEEE binary32. */
    F32,
    /** IEEE binary16. */
    F16,
    /** bfloat16. */
    BF16,
    /** Unsigned bytes (Hugging Face's packed ternary weights). */
    U8,
    /** Signed bytes. */
    I8,
    /** ggml Q8_0: 32 values per block, FP16 scale and 32 signed bytes. */
    Q8_0,
    /** llama.cpp TQ1_0: 256 ternary values per block in base 3, FP16 scale. */
    TQ1_0,
    /** llama.cpp TQ2_0: 256 ternary values per block in 2-bit codes, FP16 scale. */
    TQ2_0,
    /** bitnet.cpp I2_S: 2-bit codes in 128-value chunks, one float32 scale per tensor. */
    I2_S
}
