package bitnet.api.model;

import java.util.Objects;

import bitnet.api.tensor.Tensor;

/**
 * The tensors of one decoder layer. Norm weights are F32 vectors; projections are {@link TernaryLinear}s with the
 * shapes {@code q, o: [heads*headDim, hidden]} ({@code o: [hidden, heads*headDim]}), {@code k, v: [kvHeads*headDim,
 * hidden]}, {@code gate, up: [intermediate, hidden]}, {@code down: [hidden, intermediate]}.
 *
 * @param inputNorm {@code input_layernorm}, {@code [hidden]}
 * @param q query projection
 * @param k key projection
 * @param v value projection
 * @param attnSubNorm {@code attn_sub_norm}, {@code [heads*headDim]}, applied before {@code o}
 * @param o output projection
 * @param postAttentionNorm {@code post_attention_layernorm}, {@code [hidden]}
 * @param gate gate projection (relu² applies to its output)
 * @param up up projection
 * @param ffnSubNorm {@code ffn_sub_norm}, {@code [intermediate]}, applied before {@code down}
 * @param down down projection
 */
public record LayerWeights(Tensor inputNorm, TernaryLinear q, TernaryLinear k, TernaryLinear v, Tensor attnSubNorm,
        TernaryLinear o, Tensor postAttentionNorm, TernaryLinear gate, TernaryLinear up, Tensor ffnSubNorm,
        TernaryLinear down) implements AutoCloseable {

    /** @throws NullPointerException if any tensor is null */
    public LayerWeights {
        Objects.requireNonNull(inputNorm, "inputNorm");
        Objects.requireNonNull(q, "q");
        Objects.requireNonNull(k, "k");
        Objects.requireNonNull(v, "v");
        Objects.requireNonNull(attnSubNorm, "attnSubNorm");
        Objects.requireNonNull(o, "o");
        Objects.requireNonNull(postAttentionNorm, "postAttentionNorm");
        Objects.requireNonNull(gate, "gate");
        Objects.requireNonNull(up, "up");
        Objects.requireNonNull(ffnSubNorm, "ffnSubNorm");
        Objects.requireNonNull(down, "down");
    }

    @Override
    public void close() {
        inputNorm.close();
        q.close();
        k.close();
        v.close();
        attnSubNorm.close();
        o.close();
        postAttentionNorm.close();
        gate.close();
        up.close();
        ffnSubNorm.close();
        down.close();
    }
}
