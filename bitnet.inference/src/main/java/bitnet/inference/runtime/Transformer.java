package bitnet.inference.runtime;

import java.util.ArrayList;
import java.util.List;

import bitnet.api.model.Checkpoint;
import bitnet.api.model.LayerWeights;
import bitnet.api.model.ModelConfig;
import bitnet.api.model.TernaryLinear;
import bitnet.api.ops.Op;
import bitnet.api.ops.TensorOps;
import bitnet.api.tensor.DType;
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
     * One sequence's part of a pass: new tokens at the end of its cache.
     *
     * @param cache the sequence's cache, with room for {@code ids.length} more positions
     * @param ids token ids, each in {@code [0, vocab)}, at least one
     * @param allLogits the logits of every new token, or only of the last
     */
    record Step(KvCache cache, int[] ids, boolean allLogits) {
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
        return forward(List.of(new Step(cache, ids, allLogits))).get(0);
    }

    /**
     * Runs several sequences in one pass (continuous batching): every projection is one ternary GEMM over the new
     * tokens of all of them, attention runs per sequence over its own cache, the LM head reads its weights once for
     * every row wanted. Rows are independent apart from attention, so each sequence gets exactly the logits it would
     * get alone.
     *
     * @param steps the sequences and their new tokens; distinct caches
     * @return per step, F32 {@code [ids.length or 1, vocab]}, owned by the caller
     */
    List<Tensor> forward(List<Step> steps) {
        int total = 0;
        for (Step s : steps) {
            total += s.ids().length;
        }
        int[] ids = new int[total];
        int[] positions = new int[total];
        int[] starts = new int[steps.size()];
        int row = 0;
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            starts[i] = s.cache().length();
            for (int t = 0; t < s.ids().length; t++, row++) {
                ids[row] = s.ids()[t];
                positions[row] = starts[i] + t;
            }
        }
        Tensor x;
        try (Tensor idTensor = factory.of(ids, total)) {
            x = ops.embedding(embedding, idTensor);
        }
        try (Tensor pos = factory.of(positions, total)) {
            for (int l = 0; l < layers.size(); l++) {
                attention(l, x, pos, steps, starts);
                feedForward(layers.get(l), x);
            }
            for (int i = 0; i < steps.size(); i++) {
                steps.get(i).cache().setLength(starts[i] + steps.get(i).ids().length);
            }
            try (Tensor normed = ops.rmsNorm(x, finalNorm, config.rmsNormEps())) {
                return logits(normed, steps);
            }
        } finally {
            x.close();
        }
    }

    // Gathers the rows each step wants, runs the head once over all of them, and hands each step its rows.
    private List<Tensor> logits(Tensor normed, List<Step> steps) {
        boolean every = steps.stream().allMatch(Step::allLogits);
        List<int[]> wanted = new ArrayList<>();
        int count = 0;
        int row = 0;
        for (Step s : steps) {
            int n = s.ids().length;
            wanted.add(s.allLogits() ? new int[] {row, row + n} : new int[] {row + n - 1, row + n});
            count += s.allLogits() ? n : 1;
            row += n;
        }
        Tensor all;
        if (every) {
            all = head.logits(ops, normed);
        } else {
            try (Tensor rows = factory.empty(DType.F32, count, config.hiddenSize())) {
                int at = 0;
                for (int[] w : wanted) {
                    try (Tensor from = normed.slice(Slice.range(w[0], w[1]));
                            Tensor to = rows.slice(Slice.range(at, at + w[1] - w[0]))) {
                        ops.copy(from, to);
                    }
                    at += w[1] - w[0];
                }
                all = head.logits(ops, rows);
            }
        }
        try (all) {
            List<Tensor> out = new ArrayList<>(steps.size());
            int at = 0;
            for (int[] w : wanted) {
                int n = w[1] - w[0];
                out.add(all.slice(Slice.range(at, at + n)));
                at += n;
            }
            return out;
        }
    }

    private void attention(int layer, Tensor x, Tensor pos, List<Step> steps, int[] starts) {
        LayerWeights w = layers.get(layer);
        long n = x.dim(0);
        int d = config.headDim();
        try (Tensor h = ops.rmsNorm(x, w.inputNorm(), config.rmsNormEps());
                Tensor q = project(w.q(), h); Tensor k = project(w.k(), h); Tensor v = project(w.v(), h);
                Tensor q3 = q.reshape(n, config.heads(), d); Tensor k3 = k.reshape(n, config.kvHeads(), d);
                Tensor v3 = v.reshape(n, config.kvHeads(), d);
                Tensor qr = ops.rope(q3, pos, config.ropeTheta()); Tensor kr = ops.rope(k3, pos, config.ropeTheta());
                Tensor a = factory.empty(DType.F32, n, config.heads(), d)) {
            int row = 0;
            for (int i = 0; i < steps.size(); i++) {
                KvCache cache = steps.get(i).cache();
                int rows = steps.get(i).ids().length;
                Slice mine = Slice.range(row, row + rows);
                try (Tensor ki = kr.slice(mine); Tensor vi = v3.slice(mine); Tensor qi = qr.slice(mine);
                        Tensor ai = a.slice(mine)) {
                    cache.write(ops, layer, starts[i], ki, vi);
                    try (Tensor out = ops.attention(qi, cache.keys(layer), cache.values(layer), starts[i],
                            attentionScale)) {
                        ops.copy(out, ai);
                    }
                }
                row += rows;
            }
            try (Tensor a2 = a.reshape(n, config.queryWidth());
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
