package bitnet.backend.simd;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.ForkJoinPool;

import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Causal grouped-query attention over an F32 or F16 KV cache:
 * {@code out[t, h] = sum_j softmax_j(scale * q[t, h] . k[j, kv]) v[j, kv]} for {@code j <= start + t} and
 * {@code kv = h / (heads / kvHeads)}.
 *
 * <p>A query row walks the cache row by row: each K row and each V row ({@code kvHeads * d} contiguous elements)
 * is read from memory once, in order (so the hardware prefetcher streams it), staged as F32 in an L1 buffer
 * ({@link RowConverter}: a copy, or the exact F16 conversion), and used from there by every query head, the
 * {@code heads / kvHeads} heads of a group reading the same slice. Scores are F32 dot products; the softmax
 * subtracts each head's maximum, exponentiates in F32 lanes and divides once at the end; the weighted sum of the V
 * rows accumulates in F32 lanes.
 *
 * <p>Threads (calls of at least {@link #PARALLEL_THRESHOLD} multiply-adds): with at least as many query rows as
 * threads (prefill) the rows are dealt out cyclically, so the longer late rows are shared evenly; with fewer (decode)
 * each row's cache positions are split into one range per thread, in two passes: scores and per-range maxima, then
 * exponentials and partial weighted sums against the global maxima, added up at the end.
 *
 * <p>Preconditions (checked by the caller): query F32 {@code [n, heads, d]}, keys and values {@code [capacity,
 * kvHeads, d]} of one dtype, all contiguous; {@code kvHeads} divides {@code heads};
 * {@code start + n <= capacity}. Positions from {@code start + n} on are not read. The output F32
 * {@code [n, heads, d]} is written completely.
 */
final class VectorAttention {
    /**
     * Calls below this many multiply-adds (QK and PV together) run on the caller's thread: a decode row over 128
     * positions of 20 heads of 128 (0.7M) took 73 us on one thread and 134 us split over two.
     */
    static final long PARALLEL_THRESHOLD = 1L << 21;
    private static final VectorSpecies<Float> S = SimdSpecies.FLOAT;
    private static final int L = S.length();
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private VectorAttention() {
    }

    /** Shapes and memory of one call; offsets in bytes. */
    private record Call(MemorySegment q, long qBase, MemorySegment k, long kBase, MemorySegment v, long vBase,
            MemorySegment o, long oBase, DType cache, long rowBytes, int heads, int kvHeads, int group, int d,
            int start, float scale) {
        int rowLength() {
            return kvHeads * d;
        }
    }

    /** What one thread works in: the query row, the staged cache row, the head accumulators. */
    private static final class Scratch {
        final float[] q;
        final float[] row;
        final float[] acc;
        final RowConverter converter;

        Scratch(Call c) {
            q = new float[c.heads * c.d];
            row = new float[c.rowLength()];
            acc = new float[c.heads * c.d];
            converter = new RowConverter(c.cache, c.rowLength());
        }
    }

    static void attention(Tensor query, Tensor keys, Tensor values, int start, float scale, Tensor out,
            ForkJoinPool pool, int threads) {
        int n = (int) query.dim(0);
        int heads = (int) query.dim(1);
        int d = (int) query.dim(2);
        int kvHeads = (int) keys.dim(1);
        if (n == 0 || heads == 0 || d == 0) {
            return;
        }
        DType cache = keys.dtype();
        int cacheBytes = cache.bitsPerElement() / 8;
        Call c = new Call(query.segment(), query.offset() * Float.BYTES, keys.segment(), keys.offset() * cacheBytes,
                values.segment(), values.offset() * cacheBytes, out.segment(), out.offset() * Float.BYTES, cache,
                (long) kvHeads * d * cacheBytes, heads, kvHeads, heads / kvHeads, d, start, scale);
        double work = 2.0 * n * heads * d * (start + (n + 1) / 2.0);
        int tasks = work < PARALLEL_THRESHOLD || pool == null ? 1 : threads;
        if (tasks == 1 || n >= tasks) {
            ParallelRanges.run(pool, tasks, tasks, (task, from, to) -> {
                Scratch s = new Scratch(c);
                float[] scores = new float[heads * (start + n)];
                float[] sums = new float[heads];
                for (long p = from; p < to; p++) {
                    for (int t = (int) p; t < n; t += tasks) {
                        row(c, t, s, scores, sums);
                    }
                }
            });
        } else {
            for (int t = 0; t < n; t++) {
                splitRow(c, t, pool, tasks);
            }
        }
    }

    // One query row on the caller's thread.
    private static void row(Call c, int t, Scratch s, float[] scores, float[] sums) {
        int visible = c.start + t + 1;
        gatherQuery(c, t, s.q);
        scores(c, s, 0, visible, scores, visible);
        for (int h = 0; h < c.heads; h++) {
            float max = max(scores, h * visible, visible);
            sums[h] = exponentiate(scores, h * visible, visible, max);
        }
        java.util.Arrays.fill(s.acc, 0f);
        weightedValues(c, s, scores, visible, 0, visible);
        write(c, t, s.acc, sums);
    }

    // One query row with its positions split over the pool: scores, maxima, then exponentials and partial sums.
    private static void splitRow(Call c, int t, ForkJoinPool pool, int tasks) {
        int visible = c.start + t + 1;
        int heads = c.heads;
        int parts = ParallelRanges.ranges(tasks, visible);
        Scratch[] scratch = new Scratch[parts];
        for (int p = 0; p < parts; p++) {
            scratch[p] = new Scratch(c);
            gatherQuery(c, t, scratch[p].q);
        }
        float[] scores = new float[heads * visible];
        float[][] maxima = new float[parts][heads];
        ParallelRanges.run(pool, parts, visible, (task, from, to) -> {
            scores(c, scratch[task], (int) from, (int) to, scores, visible);
            for (int h = 0; h < heads; h++) {
                maxima[task][h] = max(scores, h * visible + (int) from, (int) (to - from));
            }
        });
        float[] max = new float[heads];
        java.util.Arrays.fill(max, Float.NEGATIVE_INFINITY);
        for (float[] m : maxima) {
            for (int h = 0; h < heads; h++) {
                max[h] = Math.max(max[h], m[h]);
            }
        }
        float[][] partialSums = new float[parts][heads];
        ParallelRanges.run(pool, parts, visible, (task, from, to) -> {
            for (int h = 0; h < heads; h++) {
                partialSums[task][h] = exponentiate(scores, h * visible + (int) from, (int) (to - from), max[h]);
            }
            weightedValues(c, scratch[task], scores, visible, (int) from, (int) to);
        });
        float[] acc = scratch[0].acc;
        float[] sums = partialSums[0];
        for (int p = 1; p < parts; p++) {
            for (int i = 0; i < acc.length; i++) {
                acc[i] += scratch[p].acc[i];
            }
            for (int h = 0; h < heads; h++) {
                sums[h] += partialSums[p][h];
            }
        }
        write(c, t, acc, sums);
    }

    // Every head of query row t.
    private static void gatherQuery(Call c, int t, float[] q) {
        long qByte = c.qBase + (long) t * c.heads * c.d * Float.BYTES;
        MemorySegment.copy(c.q, F, qByte, q, 0, c.heads * c.d);
    }

    // scores[h * stride + j] = scale * q[h] . k[j, kv(h)] for j in [from, to).
    private static void scores(Call c, Scratch s, int from, int to, float[] scores, int stride) {
        int d = c.d;
        int wholeD = WeightRows.whole(d);
        for (int j = from; j < to; j++) {
            s.converter.read(c.k, c.kBase + j * c.rowBytes, c.rowLength(), s.row, 0);
            for (int h = 0; h < c.heads; h++) {
                scores[h * stride + j] = WeightRows.dot(s.row, (h / c.group) * d, s.q, h * d, d, wholeD) * c.scale;
            }
        }
    }

    // acc[h] += w[h, j] v[j, kv(h)] for j in [from, to), w = scores[h * stride + j].
    private static void weightedValues(Call c, Scratch s, float[] w, int stride, int from, int to) {
        int d = c.d;
        int wholeD = WeightRows.whole(d);
        for (int j = from; j < to; j++) {
            s.converter.read(c.v, c.vBase + j * c.rowBytes, c.rowLength(), s.row, 0);
            for (int h = 0; h < c.heads; h++) {
                axpy(w[h * stride + j], s.row, (h / c.group) * d, s.acc, h * d, d);
            }
        }
    }

    // out[t, h] = acc[h] / sums[h].
    private static void write(Call c, int t, float[] acc, float[] sums) {
        for (int h = 0; h < c.heads; h++) {
            scale(acc, h * c.d, c.d, 1f / sums[h]);
        }
        long oByte = c.oBase + (long) t * c.heads * c.d * Float.BYTES;
        MemorySegment.copy(acc, 0, c.o, F, oByte, c.heads * c.d);
    }

    private static float max(float[] s, int from, int n) {
        FloatVector vmax = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        int i = 0;
        for (; i + L <= n; i += L) {
            vmax = vmax.max(FloatVector.fromArray(S, s, from + i));
        }
        float max = vmax.reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) {
            max = Math.max(max, s[from + i]);
        }
        return max;
    }

    // s[from .. from + n) = exp(s - max); returns their sum.
    private static float exponentiate(float[] s, int from, int n, float max) {
        FloatVector vsum = FloatVector.zero(S);
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector e = Exp.exp(FloatVector.fromArray(S, s, from + i).sub(max));
            e.intoArray(s, from + i);
            vsum = vsum.add(e);
        }
        float sum = Lanes.sum(vsum);
        for (; i < n; i++) {
            float e = Exp.exp(s[from + i] - max);
            s[from + i] = e;
            sum += e;
        }
        return sum;
    }

    // acc[accOff + i] += w * v[vOff + i] for i < d.
    private static void axpy(float w, float[] v, int vOff, float[] acc, int accOff, int d) {
        FloatVector wv = FloatVector.broadcast(S, w);
        int i = 0;
        for (; i + L <= d; i += L) {
            wv.fma(FloatVector.fromArray(S, v, vOff + i), FloatVector.fromArray(S, acc, accOff + i))
                    .intoArray(acc, accOff + i);
        }
        for (; i < d; i++) {
            acc[accOff + i] = Math.fma(w, v[vOff + i], acc[accOff + i]);
        }
    }

    private static void scale(float[] a, int off, int n, float s) {
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector.fromArray(S, a, off + i).mul(s).intoArray(a, off + i);
        }
        for (; i < n; i++) {
            a[off + i] *= s;
        }
    }
}
