package bitnet.backend.simd;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.ForkJoinPool;

import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;

/**
 * Dense linear layer over stored weights, {@code out[t, r] = sum_k x[t, k] W[r, k]} (times {@code scales[r]} for
 * I8 rows), accumulated in F32 lanes. The weight matrix is streamed once per call:
 * <ul>
 * <li>one input row (decode): weight rows are split over threads and each row is converted in registers while it
 * streams in ({@link WeightRows}), against the input row copied once into {@link PhaseOrder}; no F32 copy of the
 * weights is made;</li>
 * <li>several input rows (prefill): each thread converts a block of its weight rows to F32 ({@link RowConverter})
 * in a buffer that stays in L2, then multiplies it with tiles of {@link #TILE} input rows by two weight rows (eight
 * accumulators, six loads per eight FMAs), so each weight element is read from memory and converted once.</li>
 * </ul>
 * The sum of each output runs over {@code in / L} terms per lane and {@code log2(L)} more in the final reduction,
 * so it is within about {@code (in / L + log2 L + 2) 2^-24 sum_k |x_k W_rk|} of the exact value.
 *
 * <p>Preconditions (checked by the caller): {@code weights} {@code [rows, in]} F32, F16, BF16 or I8, contiguous;
 * {@code scales} F32 {@code [rows]} contiguous for I8, else null; {@code input} F32 {@code [n, in]} contiguous;
 * {@code out} F32 {@code [n, rows]} contiguous, every element written.
 */
final class VectorLinear {
    /** Input rows multiplied per load of a converted weight row. */
    static final int TILE = 4;
    /** Products below this many multiply-adds run on the caller's thread. */
    static final long PARALLEL_THRESHOLD = 1L << 18;
    /** Floats of converted weight rows a thread keeps for its tiles: 256 KB, a quarter of this L2. */
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
        // One input row is read against weights converted in registers (PhaseOrder); several against rows
        // converted to F32 in natural order.
        int k = n == 1 ? WeightRows.perInt(dtype) : 1;
        float[] x = new float[Math.multiplyExact(n, in)];
        for (int t = 0; t < n; t++) {
            PhaseOrder.gather(input.segment(), (input.offset() + (long) t * in) * Float.BYTES, in, k, x, t * in);
        }
        MemorySegment w = weights.segment();
        long wBase = weights.offset() * (dtype.bitsPerElement() / 8);
        long rowBytes = (long) in * (dtype.bitsPerElement() / 8);
        MemorySegment sc = scales == null ? null : scales.segment();
        long scBase = scales == null ? 0 : scales.offset() * Float.BYTES;
        double work = (double) rows * in * n;
        int tasks = work < PARALLEL_THRESHOLD ? 1 : threads;
        long oRow = rows * Float.BYTES;
        if (n == 1) {
            ParallelRanges.run(pool, tasks, rows, (task, from, to) -> {
                for (long r = from; r < to; r++) {
                    float dot = WeightRows.dot(dtype, w, wBase + r * rowBytes, x, 0, in);
                    o.set(F, oBase + r * Float.BYTES, sc == null ? dot : dot * sc.get(F, scBase + r * Float.BYTES));
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
                for (; t + TILE <= n; t += TILE) {
                    int i = 0;
                    for (; i + 1 < count; i += 2) {
                        long r = r0 + i;
                        float s0 = sc == null ? 1f : sc.get(F, scBase + r * Float.BYTES);
                        float s1 = sc == null ? 1f : sc.get(F, scBase + (r + 1) * Float.BYTES);
                        WeightRows.tile4x2(converted, i * in, x, t * in, in, s0, s1, o,
                                oBase + (t * rows + r) * Float.BYTES, oRow);
                    }
                    if (i < count) {
                        long r = r0 + i;
                        float s = sc == null ? 1f : sc.get(F, scBase + r * Float.BYTES);
                        WeightRows.tile4(converted, i * in, x, t * in, in, s, o, oBase + (t * rows + r) * Float.BYTES,
                                oRow);
                    }
                }
                for (; t < n; t++) {
                    for (int i = 0; i < count; i++) {
                        long r = r0 + i;
                        float dot = WeightRows.dot(converted, i * in, x, t * in, in);
                        o.set(F, oBase + (t * rows + r) * Float.BYTES,
                                sc == null ? dot : dot * sc.get(F, scBase + r * Float.BYTES));
                    }
                }
            }
        });
    }
}
