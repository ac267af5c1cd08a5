package bitnet.core.ops;

import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.function.Function;

import bitnet.api.backend.OpCall;
import bitnet.api.dispatch.Dispatcher;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.ShapeMismatchException;
import bitnet.api.tensor.Tensor;
import bitnet.api.tensor.UnsupportedDTypeException;
import bitnet.core.tensor.PooledTensorFactory;

/**
 * The transformer operations through the dispatcher (embedding lookup, RoPE, attention over a KV cache, dense
 * linear layers) and the converting copy: checks operands against their documented shapes and dtypes, makes them
 * contiguous where the call needs it, allocates the result and hands one {@link OpCall} to the dispatcher.
 */
final class TransformerOps {
    private final Dispatcher dispatcher;
    private final PooledTensorFactory factory;

    TransformerOps(Dispatcher dispatcher, PooledTensorFactory factory) {
        this.dispatcher = dispatcher;
        this.factory = factory;
    }

    Tensor embedding(Tensor table, Tensor ids) {
        if (table.rank() != 2 || !isFloat(table.dtype()) || table.dtype() == DType.F64) {
            throw new UnsupportedDTypeException("embedding: the table must be F32, F16 or BF16 [rows, width], got "
                    + table.dtype() + " " + Arrays.toString(table.shape()));
        }
        if (ids.dtype() != DType.I32 || ids.rank() > 1) {
            throw new ShapeMismatchException("embedding: ids must be I32 [n] or a scalar, got " + ids.dtype() + " "
                    + Arrays.toString(ids.shape()));
        }
        long rows = table.dim(0);
        long width = table.dim(1);
        try (Tensor flatIds = ids.contiguous(); Tensor idList = flatIds.reshape(-1)) {
            long n = idList.size();
            for (long i = 0; i < n; i++) {
                long id = idList.segment().getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, idList.offset() + i);
                if (id < 0 || id >= rows) {
                    throw new IndexOutOfBoundsException("embedding: id " + id + " at " + i + " is outside [0, " + rows
                            + ")");
                }
            }
            try (Tensor t = table.contiguous()) {
                Tensor out = run(factory.empty(DType.F32, n, width), o -> new OpCall.Embedding(t, idList, o));
                if (ids.rank() == 0) {
                    try (out) {
                        return out.reshape(width);
                    }
                }
                return out;
            }
        }
    }

    Tensor rope(Tensor x, Tensor positions, float theta) {
        requireF32("rope", x);
        if (x.rank() != 3 || x.dim(2) % 2 != 0) {
            throw new ShapeMismatchException("rope: x must be [n, heads, d] with d even, got "
                    + Arrays.toString(x.shape()));
        }
        if (positions.dtype() != DType.I32 || positions.rank() != 1 || positions.dim(0) != x.dim(0)) {
            throw new ShapeMismatchException("rope: positions must be I32 [" + x.dim(0) + "], got "
                    + positions.dtype() + " " + Arrays.toString(positions.shape()));
        }
        if (!(theta > 0) || !Float.isFinite(theta)) {
            throw new IllegalArgumentException("rope: theta must be positive, got " + theta);
        }
        for (long i = 0; i < positions.size(); i++) {
            if (positions.getFloat(i) < 0) {
                throw new IllegalArgumentException("rope: position " + i + " is negative: " + positions.getFloat(i));
            }
        }
        try (Tensor in = x.contiguous(); Tensor pos = positions.contiguous()) {
            return run(factory.empty(DType.F32, x.shape()), o -> new OpCall.Rope(in, pos, theta, o));
        }
    }

    Tensor attention(Tensor query, Tensor keys, Tensor values, int start, float scale) {
        requireF32("attention", query);
        if (query.rank() != 3 || keys.rank() != 3) {
            throw new ShapeMismatchException("attention: query must be [n, heads, d] and keys [capacity, kvHeads, d],"
                    + " got " + Arrays.toString(query.shape()) + " and " + Arrays.toString(keys.shape()));
        }
        if (keys.dtype() != DType.F32 && keys.dtype() != DType.F16) {
            throw new UnsupportedDTypeException("attention: the KV cache must be F32 or F16, got " + keys.dtype());
        }
        if (!Arrays.equals(keys.shape(), values.shape()) || keys.dtype() != values.dtype()) {
            throw new ShapeMismatchException("attention: keys and values differ: " + keys.dtype() + " "
                    + Arrays.toString(keys.shape()) + " and " + values.dtype() + " " + Arrays.toString(values.shape()));
        }
        long n = query.dim(0);
        long heads = query.dim(1);
        long kvHeads = keys.dim(1);
        if (query.dim(2) != keys.dim(2) || heads % kvHeads != 0) {
            throw new ShapeMismatchException("attention: " + heads + " query heads of width " + query.dim(2)
                    + " do not group over " + kvHeads + " KV heads of width " + keys.dim(2));
        }
        if (start < 0 || start + n > keys.dim(0)) {
            throw new IllegalArgumentException("attention: rows " + start + " .. " + (start + n - 1)
                    + " do not fit a cache of " + keys.dim(0) + " positions");
        }
        if (!Float.isFinite(scale)) {
            throw new IllegalArgumentException("attention: scale must be finite, got " + scale);
        }
        try (Tensor q = query.contiguous(); Tensor k = keys.contiguous(); Tensor v = values.contiguous()) {
            return run(factory.empty(DType.F32, query.shape()), o -> new OpCall.Attention(q, k, v, start, scale, o));
        }
    }

    Tensor linear(Tensor weights, Tensor scales, Tensor x) {
        requireF32("linear", x);
        DType w = weights.dtype();
        if (weights.rank() != 2 || !(w == DType.F32 || w == DType.F16 || w == DType.BF16 || w == DType.I8)) {
            throw new UnsupportedDTypeException("linear: weights must be F32, F16, BF16 or I8 [out, in], got " + w
                    + " " + Arrays.toString(weights.shape()));
        }
        long out = weights.dim(0);
        long in = weights.dim(1);
        if ((w == DType.I8) != (scales != null)) {
            throw new IllegalArgumentException("linear: int8 weights need their row scales, other dtypes none");
        }
        if (scales != null && (scales.dtype() != DType.F32 || scales.rank() != 1 || scales.dim(0) != out)) {
            throw new ShapeMismatchException("linear: scales must be F32 [" + out + "], got " + scales.dtype() + " "
                    + Arrays.toString(scales.shape()));
        }
        if (x.rank() == 0 || x.dim(-1) != in) {
            throw new ShapeMismatchException("linear: input " + Arrays.toString(x.shape()) + " does not end in " + in
                    + ", the weights' input features");
        }
        long[] shape = x.shape();
        long tokens = x.size() / in;
        shape[shape.length - 1] = out;
        try (Tensor wc = weights.contiguous(); Tensor flat = x.contiguous(); Tensor x2 = flat.reshape(tokens, in);
                Tensor sc = scales == null ? null : scales.contiguous()) {
            Tensor y = run(factory.empty(DType.F32, tokens, out), o -> new OpCall.Linear(wc, sc, x2, o));
            try (y) {
                return y.reshape(shape);
            }
        }
    }

    void copy(Tensor source, Tensor target) {
        if (source.segment() == target.segment() && overlaps(source, target)) {
            throw new IllegalArgumentException("copy: source and target share memory");
        }
        ShapeOps.dense(target).copyFrom(source);
    }

    // Conservative: any two views of one memory whose byte ranges meet.
    private static boolean overlaps(Tensor a, Tensor b) {
        long[] ra = range(a);
        long[] rb = range(b);
        return ra[0] < rb[1] && rb[0] < ra[1];
    }

    private static long[] range(Tensor t) {
        long lo = t.offset();
        long hi = t.offset();
        long[] shape = t.shape();
        long[] strides = t.strides();
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == 0) {
                return new long[] {0, 0};
            }
            long reach = (shape[i] - 1) * strides[i];
            lo += Math.min(0, reach);
            hi += Math.max(0, reach);
        }
        return new long[] {t.dtype().byteSize(lo), t.dtype().byteSize(hi + 1)};
    }

    private Tensor run(Tensor out, Function<Tensor, OpCall> call) {
        try {
            dispatcher.execute(call.apply(out));
            return out;
        } catch (RuntimeException | Error e) {
            out.close();
            throw e;
        }
    }

    private static boolean isFloat(DType t) {
        return t.isFloating();
    }

    private static void requireF32(String op, Tensor x) {
        if (x.dtype() != DType.F32) {
            throw new UnsupportedDTypeException(op + " accepts F32 activations, not " + x.dtype()
                    + "; convert with cast(x, DType.F32)");
        }
    }
}
