package bitnet.inference.runtime;

import java.util.List;

import bitnet.api.model.Checkpoint;
import bitnet.api.model.LayerWeights;
import bitnet.api.model.ModelConfig;
import bitnet.api.model.TernaryLinear;
import bitnet.api.ops.Op;
import bitnet.api.ops.TensorOps;
import bitnet.api.tensor.Slice;
import bitnet.api.tensor.Tensor;
import bitnet.api.tensor.TensorFactory;

/**
 * The BitNet b1.58 forward pass ({@code /work/shared/specs/bitnet-b158-2b4t.md} section 3), every step an operation
 * of the dispatcher, so any backend can run it and one that goes away mid-pass is replaced by the next:
 * <pre>
 *   x = E[ids]
 *   per layer: h = RMSNorm(x); q, k, v = BitLinear(h); q, k = RoPE(q, k); cache += k, v
 *              a = RMSNorm(attention(q, cache); attn_sub_norm); x += BitLinear_o(a)
 *              h = RMSNorm(x); m = RMSNorm(relu(BitLinear_gate(h))^2 * BitLinear_up(h); ffn_sub_norm)
 *              x += BitLinear_down(m)
 *   logits = RMSNorm(x) W_head^T
 * </pre>
 * Rows are independent apart from attention, so a prompt is computed in one pass (every projection a ternary GEMM)
 * and gives the same logits as feeding its tokens one at a time. Stateless apart from the weights; thread-safe.
 */
final class Transformer {
    private final TensorOps ops;
    private final TensorFactory factory;
    private final ModelConfig config;
    private final Tensor embedding;
    private final Tensor finalNorm;
    private final List<LayerWeights> layers;
    private final LmHead head;
    private final float attentionScale;

    Transformer(TensorOps ops, TensorFactory factory, Checkpoint checkpoint, LmHead head) {
        this.ops = ops;
        this.factory = factory;
        this.config = checkpoint.config();
        this.embedding = checkpoint.embedding();
        this.finalNorm = checkpoint.finalNorm();
        this.layers = checkpoint.layers();
        this.head = head;
        this.attentionScale = (float) (1 / Math.sqrt(config.headDim()));
    }

    /**
     * Runs {@code ids} at positions {@code cache.length() ..}, writes their keys and values into the cache and
     * advances it.
     *
     * @param cache the sequence's cache, with room for {@code ids.length} more positions
     * @param ids token ids, each in {@code [0, vocab)}
     * @param allLogits the logits of every row, or only of the last
     * @return F32 {@code [ids.length or 1, vocab]}, owned by the caller
     */
    Tensor forward(KvCache cache, int[] ids, boolean allLogits) {
        int n = ids.length;
        int start = cache.length();
        int[] positions = new int[n];
        for (int i = 0; i < n; i++) {
            positions[i] = start + i;
        }
        Tensor x;
        try (Tensor idTensor = factory.of(ids, n)) {
            x = ops.embedding(embedding, idTensor);
        }
        try (Tensor pos = factory.of(positions, n)) {
            for (int l = 0; l < layers.size(); l++) {
                attention(l, x, pos, cache, start);
                feedForward(layers.get(l), x);
            }
            cache.setLength(start + n);
            try (Tensor normed = ops.rmsNorm(x, finalNorm, config.rmsNormEps());
                    Tensor rows = allLogits ? normed.slice() : normed.slice(Slice.range(n - 1, n))) {
                return head.logits(ops, rows);
            }
        } finally {
            x.close();
        }
    }

    private void attention(int layer, Tensor x, Tensor pos, KvCache cache, int start) {
        LayerWeights w = layers.get(layer);
        long n = x.dim(0);
        int d = config.headDim();
        try (Tensor h = ops.rmsNorm(x, w.inputNorm(), config.rmsNormEps());
                Tensor q = project(w.q(), h); Tensor k = project(w.k(), h); Tensor v = project(w.v(), h);
                Tensor q3 = q.reshape(n, config.heads(), d); Tensor k3 = k.reshape(n, config.kvHeads(), d);
                Tensor v3 = v.reshape(n, config.kvHeads(), d);
                Tensor qr = ops.rope(q3, pos, config.ropeTheta()); Tensor kr = ops.rope(k3, pos, config.ropeTheta())) {
            cache.write(ops, layer, start, kr, v3);
            try (Tensor a = ops.attention(qr, cache.keys(layer), cache.values(layer), start, attentionScale);
                    Tensor a2 = a.reshape(n, config.queryWidth());
                    Tensor an = ops.rmsNorm(a2, w.attnSubNorm(), config.rmsNormEps());
                    Tensor o = project(w.o(), an)) {
                ops.binaryInPlace(Op.ADD, x, o);
            }
        }
    }

    private void feedForward(LayerWeights w, Tensor x) {
        try (Tensor h = ops.rmsNorm(x, w.postAttentionNorm(), config.rmsNormEps());
                Tensor gate = project(w.gate(), h); Tensor up = project(w.up(), h);
                Tensor gate2 = ops.unary(Op.RELU2, gate); Tensor m = ops.mul(gate2, up);
                Tensor mn = ops.rmsNorm(m, w.ffnSubNorm(), config.rmsNormEps());
                Tensor down = project(w.down(), mn)) {
            ops.binaryInPlace(Op.ADD, x, down);
        }
    }

    private Tensor project(TernaryLinear p, Tensor x) {
        return ops.bitLinear(p.weights(), p.scale(), x, null);
    }
}
