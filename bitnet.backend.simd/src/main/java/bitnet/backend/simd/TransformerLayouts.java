package bitnet.backend.simd;

import bitnet.api.backend.OpCall;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;

/**
 * Which transformer calls the SIMD kernels take: the documented dtypes and shapes with every operand contiguous
 * (the platform's {@code TensorOps} makes them so), and sizes whose per-call buffers fit a Java array. Anything
 * else is declined and the dispatcher moves on to the next backend.
 */
final class TransformerLayouts {
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private TransformerLayouts() {
    }

    static boolean accepts(OpCall.Embedding c) {
        Tensor table = c.table();
        Tensor ids = c.ids();
        DType t = table.dtype();
        return (t == DType.F32 || t == DType.F16 || t == DType.BF16) && table.rank() == 2 && table.isContiguous()
                && table.dim(1) <= MAX_ARRAY
                && ids.dtype() == DType.I32 && ids.rank() <= 1 && ids.isContiguous()
                && c.output().dtype() == DType.F32 && c.output().size() == ids.size() * table.dim(1);
    }

    static boolean accepts(OpCall.Rope c) {
        Tensor x = c.input();
        return f32(x) && x.rank() == 3 && x.dim(2) % 2 == 0 && x.dim(2) <= MAX_ARRAY
                && c.positions().dtype() == DType.I32 && c.positions().isContiguous()
                && c.positions().size() == x.dim(0) && f32(c.output()) && c.output().size() == x.size();
    }

    static boolean accepts(OpCall.Attention c) {
        Tensor q = c.query();
        Tensor k = c.keys();
        Tensor v = c.values();
        if (!f32(q) || q.rank() != 3 || k.rank() != 3 || !k.isContiguous() || !v.isContiguous()
                || !f32(c.output()) || c.output().size() != q.size()) {
            return false;
        }
        boolean cache = (k.dtype() == DType.F32 || k.dtype() == DType.F16) && v.dtype() == k.dtype()
                && java.util.Arrays.equals(k.shape(), v.shape());
        long heads = q.dim(1);
        long kvHeads = k.dim(1);
        long d = q.dim(2);
        return cache && kvHeads > 0 && heads % kvHeads == 0 && k.dim(2) == d && c.start() >= 0
                && c.start() + q.dim(0) <= k.dim(0) && heads <= MAX_ARRAY && heads * d <= MAX_ARRAY
                && kvHeads * d <= MAX_ARRAY
                && (heads / kvHeads) * (c.start() + q.dim(0)) <= MAX_ARRAY;
    }

    static boolean accepts(OpCall.Linear c) {
        Tensor w = c.weights();
        Tensor x = c.input();
        DType t = w.dtype();
        boolean stored = t == DType.F32 || t == DType.F16 || t == DType.BF16 || t == DType.I8;
        if (!stored || w.rank() != 2 || !w.isContiguous() || !f32(x) || x.rank() != 2 || x.dim(1) != w.dim(1)
                || w.dim(1) > MAX_ARRAY
                || !f32(c.output()) || c.output().size() != x.dim(0) * w.dim(0) || x.size() > MAX_ARRAY) {
            return false;
        }
        Tensor s = c.scales();
        if (t == DType.I8) {
            return s != null && f32(s) && s.rank() == 1 && s.dim(0) == w.dim(0);
        }
        return s == null;
    }

    private static boolean f32(Tensor t) {
        return t.dtype() == DType.F32 && t.isContiguous();
    }
}
