package bitnet.backend.simd;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.ForkJoinPool;

import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;

/**
 * Dense linear layer over stored weights, {@code out[t, r] = sum_k x[t, k] W[r, k]} (times {@code scales[r]} for
 * I8 rows), accumulated in F32 lanes. The weight matrix is streamed once per call: weight rows are split over
 * threads. One input row (decode, bound by reading the weights) converts each weight row a few hundred elements
 * at a time into L1 and multiplies them there ({@link WeightRows#dotStored}). Several input rows (prefill, batched
 * decode) convert a block of weight rows to F32 ({@link RowConverter}: the CPU's own conversion instructions) into a
 * buffer that fills a part of L2, then multiply it with the input rows two by two weight rows at a time
 * ({@link WeightRows#tile2x2}); either way each weight element is read from memory and converted once.
 *
 * <p>Every output is the same sum in the same order whatever the number of input rows and whichever kernel computed
 * it, so a row's result does not depend on the other rows of the call (a sequence's logits do not depend on what it
 * was batched with). The sum runs over {@code in / L} terms per lane and {@code log2(L)} more in the reduction, so it
 * is within about {@code (in / L + log2 L + 2) 2^-24 sum_k |x_k W_rk|} of the exact value.
 *
 * <p>Preconditions (checked by the caller): {@code weights} {@code [rows, in]} F32, F16, BF16 or I8, contiguous;
 * {@code scales} F32 {@code [rows]} contiguous for I8, else null; {@code input} F32 {@code [n, in]} contiguous;
 * {@code out} F32 {@code [n, rows]} contiguous, every element written.
 */
final class VectorLinear {
    /** Products below this many multiply-adds run on the caller's thread. */
    static final long PARALLEL_THRESHOLD = 1L << 18;
    /** Floats of converted weight rows per block for several input rows: 256 KB, a quarter of this L2. */
    private static final int BLOCK_FLOATS = 1 << 16;
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private VectorLinear() {
    }

    static void linear(Tensor weights, Tensor scales, Tensor input, Tensor out, ForkJoinPool pool, int threads) {
        long rows = weights.dim(0);
        int in = Math.toIntExact(weights.dim(1));
        int n = Math.toIntExact(input.dim(0));
        if (rows == 0 || n == 0) {
            return;
        }
        MemorySegment o = out.segment();
        long oBase = out.offset() * Float.BYTES;
        if (in == 0) {
            o.asSlice(oBase, n * rows * Float.BYTES).fill((byte) 0);
            return;
        }
        DType dtype = weights.dtype();
        float[] x = new float[Math.multiplyExact(n, in)];
        MemorySegment.copy(input.segment(), F, input.offset() * Float.BYTES, x, 0, x.length);
        MemorySegment w = weights.segment();
        long wBase = weights.offset() * (dtype.bitsPerElement() / 8);
        long rowBytes = (long) in * (dtype.bitsPerElement() / 8);
        MemorySegment sc = scales == null ? null : scales.segment();
        long scBase = scales == null ? 0 : scales.offset() * Float.BYTES;
        double work = (double) rows * in * n;
        int tasks = work < PARALLEL_THRESHOLD ? 1 : threads;
        long oRow = rows * Float.BYTES;
        int whole = WeightRows.whole(in);
        if (n == 1) {
            int elementBytes = dtype.bitsPerElement() / 8;
            ParallelRanges.run(pool, tasks, rows, (task, from, to) -> {
                float[] buf = new float[WeightRows.CHUNK + SimdSpecies.FLOAT.length()];
                RowConverter converter = new RowConverter(dtype, buf.length);
                for (long r = from; r < to; r++) {
                    float dot = WeightRows.dotStored(converter, w, wBase + r * rowBytes, elementBytes, x, 0, in, whole,
                            buf);
                    o.set(F, oBase + r * Float.BYTES, sc == null ? dot : dot * scale(sc, scBase, r));
                }
            });
            return;
        }
        int block = (int) Math.max(1, Math.min(BLOCK_FLOATS / in, rows));
        ParallelRanges.run(pool, tasks, rows, (task, from, to) -> {
            float[] converted = new float[block * in];
            RowConverter converter = new RowConverter(dtype, in);
            for (long r0 = from; r0 < to; r0 += block) {
                int count = (int) Math.min(block, to - r0);
                for (int i = 0; i < count; i++) {
                    converter.read(w, wBase + (r0 + i) * rowBytes, in, converted, i * in);
                }
                int t = 0;
                for (; t + 1 < n; t += 2) {
                    int i = 0;
                    for (; i + 1 < count; i += 2) {
                        long r = r0 + i;
                        WeightRows.tile2x2(converted, i * in, x, t * in, in, whole, scale(sc, scBase, r),
                                scale(sc, scBase, r + 1), o, oBase + (t * rows + r) * Float.BYTES, oRow);
                    }
                    if (i < count) {
                        single(converted, i, x, t, in, whole, sc, scBase, r0 + i, o, oBase + (t * rows + r0 + i) * 4);
                        single(converted, i, x, t + 1, in, whole, sc, scBase, r0 + i, o,
                                oBase + ((t + 1) * rows + r0 + i) * 4);
                    }
                }
                if (t < n) {
                    for (int i = 0; i < count; i++) {
                        single(converted, i, x, t, in, whole, sc, scBase, r0 + i, o, oBase + (t * rows + r0 + i) * 4);
                    }
                }
            }
        });
    }

    private static float scale(MemorySegment sc, long scBase, long r) {
        return sc == null ? 1f : sc.get(F, scBase + r * Float.BYTES);
    }

    private static void single(float[] converted, int i, float[] x, int t, int in, int whole, MemorySegment sc,
            long scBase, long r, MemorySegment o, long oByte) {
        float dot = WeightRows.dot(converted, i * in, x, t * in, in, whole);
        o.set(F, oByte, sc == null ? dot : dot * sc.get(F, scBase + r * Float.BYTES));
    }
}
