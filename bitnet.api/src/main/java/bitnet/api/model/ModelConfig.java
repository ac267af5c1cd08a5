package bitnet.api.model;

/**
 * The hyper-parameters of a BitNet b1.58 decoder (Llama-shaped: RMSNorm, RoPE, grouped-query attention, a gated
 * feed-forward with relu², a sub-norm before {@code o_proj} and {@code down_proj}).
 *
 * @param architecture as the checkpoint names it ({@code BitNetForCausalLM}, {@code bitnet-b1.58}, {@code bitnet-25})
 * @param vocabSize rows of the embedding and of the LM head
 * @param hiddenSize model width
 * @param intermediateSize feed-forward width
 * @param layers decoder layers
 * @param heads query heads
 * @param kvHeads key/value heads; divides {@code heads}
 * @param headDim width of one head (usually {@code hiddenSize / heads}); even
 * @param rmsNormEps epsilon of every RMSNorm
 * @param ropeTheta RoPE base frequency
 * @param contextLength positions the model was trained for; a session holds at most this many
 * @param tiedEmbeddings true when the LM head is the embedding matrix
 */
public record ModelConfig(String architecture, int vocabSize, int hiddenSize, int intermediateSize, int layers,
        int heads, int kvHeads, int headDim, float rmsNormEps, float ropeTheta, int contextLength,
        boolean tiedEmbeddings) {

    /**
     * @throws IllegalArgumentException if a size is not positive, {@code kvHeads} does not divide {@code heads},
     *     the head width is odd, or epsilon/theta are not positive finite numbers
     */
    public ModelConfig {
        if (vocabSize <= 0 || hiddenSize <= 0 || intermediateSize <= 0 || layers <= 0 || heads <= 0 || kvHeads <= 0
                || headDim <= 0 || contextLength <= 0) {
            throw new IllegalArgumentException("every size must be positive: " + sizes(vocabSize, hiddenSize,
                    intermediateSize, layers, heads, kvHeads, headDim, contextLength));
        }
        if (heads % kvHeads != 0) {
            throw new IllegalArgumentException(kvHeads + " key/value heads do not divide " + heads + " query heads");
        }
        if (headDim % 2 != 0) {
            throw new IllegalArgumentException("RoPE needs an even head width, got " + headDim);
        }
        if (!(rmsNormEps > 0) || !Float.isFinite(rmsNormEps) || !(ropeTheta > 0) || !Float.isFinite(ropeTheta)) {
            throw new IllegalArgumentException("rms_norm_eps and rope_theta must be positive, got " + rmsNormEps
                    + " and " + ropeTheta);
        }
    }

    private static String sizes(int v, int h, int i, int l, int q, int kv, int d, int c) {
        return "vocab " + v + ", hidden " + h + ", intermediate " + i + ", layers " + l + ", heads " + q
                + ", kv heads " + kv + ", head dim " + d + ", context " + c;
    }

    /** @return width of the query projection's output, {@code heads * headDim} */
    public int queryWidth() {
        return heads * headDim;
    }

    /** @return width of the key and value projections' outputs, {@code kvHeads * headDim} */
    public int kvWidth() {
        return kvHeads * headDim;
    }
}
