package bitnet.backend.simd;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.concurrent.ForkJoinPool;

import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Causal grouped-query attention over an F32 or F16 KV cache:
 * {@code out[t, h] = sum_j softmax_j(scale * q[t, h] . k[j, kv]) v[j, kv]} for {@code j <= start + t} and
 * {@code kv = h / (heads / kvHeads)}.
 *
 * <p>A query row walks the cache row by row: each K row and each V row ({@code kvHeads * d} contiguous elements)
 * is loaded from memory once, in order (so the hardware prefetcher streams it), and used from L1 by every query
 * head, the {@code heads / kvHeads} heads of a group reading the same slice. Scores are F32 dot products (F16 rows
 * converted in registers as {@link HalfLanes} describes, against the query in {@link PhaseOrder}); the softmax
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
    /** Calls below this many multiply-adds (QK and PV together) run on the caller's thread. */
    static final long PARALLEL_THRESHOLD = 1L << 18;
    private static final VectorSpecies<Float> S = SimdSpecies.FLOAT;
    private static final VectorSpecies<Integer> IS = S.withLanes(int.class);
    private static final int L = S.length();
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ValueLayout.OfShort S16 = ValueLayout.JAVA_SHORT_UNALIGNED;

    private VectorAttention() {
    }

    /** Shapes and memory of one call; offsets in bytes, {@code phases} the {@link PhaseOrder} k of the cache. */
    private record Call(MemorySegment q, long qBase, MemorySegment k, long kBase, MemorySegment v, long vBase,
            MemorySegment o, long oBase, DType cache, int phases, long rowBytes, int heads, int kvHeads, int group,
            int d, int start, float scale) {
        long headBytes() {
            return rowBytes / kvHeads;
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
                cache == DType.F16 ? 2 : 1, (long) kvHeads * d * cacheBytes, heads, kvHeads, heads / kvHeads, d,
                start, scale);
        double work = 2.0 * n * heads * d * (start + (n + 1) / 2.0);
        int tasks = work < PARALLEL_THRESHOLD || pool == null ? 1 : threads;
        if (tasks == 1 || n >= tasks) {
            ParallelRanges.run(pool, tasks, tasks, (task, from, to) -> {
                float[] q = new float[heads * d];
                float[] scores = new float[heads * (start + n)];
                float[] acc = new float[heads * d];
                float[] sums = new float[heads];
                for (long p = from; p < to; p++) {
                    for (int t = (int) p; t < n; t += tasks) {
                        row(c, t, q, scores, acc, sums);
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
    private static void row(Call c, int t, float[] q, float[] scores, float[] acc, float[] sums) {
        int visible = c.start + t + 1;
        gatherQuery(c, t, q);
        scores(c, q, 0, visible, scores, visible);
        for (int h = 0; h < c.heads; h++) {
            float max = max(scores, h * visible, visible);
            sums[h] = exponentiate(scores, h * visible, visible, max);
        }
        java.util.Arrays.fill(acc, 0, c.heads * c.d, 0f);
        weightedValues(c, scores, visible, 0, visible, acc);
        write(c, t, acc, sums);
    }

    // One query row with its positions split over the pool: scores, maxima, then exponentials and partial sums.
    private static void splitRow(Call c, int t, ForkJoinPool pool, int tasks) {
        int visible = c.start + t + 1;
        int heads = c.heads;
        int parts = ParallelRanges.ranges(tasks, visible);
        float[] q = new float[heads * c.d];
        gatherQuery(c, t, q);
        float[] scores = new float[heads * visible];
        float[][] maxima = new float[parts][heads];
        ParallelRanges.run(pool, parts, visible, (task, from, to) -> {
            scores(c, q, (int) from, (int) to, scores, visible);
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
        float[][] partialAcc = new float[parts][heads * c.d];
        ParallelRanges.run(pool, parts, visible, (task, from, to) -> {
            for (int h = 0; h < heads; h++) {
                partialSums[task][h] = exponentiate(scores, h * visible + (int) from, (int) (to - from), max[h]);
            }
            weightedValues(c, scores, visible, (int) from, (int) to, partialAcc[task]);
        });
        float[] acc = partialAcc[0];
        float[] sums = partialSums[0];
        for (int p = 1; p < parts; p++) {
            for (int i = 0; i < acc.length; i++) {
                acc[i] += partialAcc[p][i];
            }
            for (int h = 0; h < heads; h++) {
                sums[h] += partialSums[p][h];
            }
        }
        write(c, t, acc, sums);
    }

    // Every head of query row t, in PhaseOrder for the cache dtype.
    private static void gatherQuery(Call c, int t, float[] q) {
        for (int h = 0; h < c.heads; h++) {
            long qByte = c.qBase + ((long) t * c.heads + h) * c.d * Float.BYTES;
            PhaseOrder.gather(c.q, qByte, c.d, c.phases, q, h * c.d);
        }
    }

    // scores[h * stride + j] = scale * q[h] . k[j, kv(h)] for j in [from, to).
    private static void scores(Call c, float[] q, int from, int to, float[] scores, int stride) {
        long headBytes = c.headBytes();
        for (int j = from; j < to; j++) {
            long kRow = c.kBase + j * c.rowBytes;
            for (int h = 0; h < c.heads; h++) {
                long kByte = kRow + (h / c.group) * headBytes;
                scores[h * stride + j] = WeightRows.dot(c.cache, c.k, kByte, q, h * c.d, c.d) * c.scale;
            }
        }
    }

    // acc[h] += w[h, j] v[j, kv(h)] for j in [from, to), w = scores[h * stride + j]; acc in PhaseOrder.
    private static void weightedValues(Call c, float[] w, int stride, int from, int to, float[] acc) {
        long headBytes = c.headBytes();
        for (int j = from; j < to; j++) {
            long vRow = c.vBase + j * c.rowBytes;
            for (int h = 0; h < c.heads; h++) {
                long vByte = vRow + (h / c.group) * headBytes;
                if (c.phases == 2) {
                    addF16(c.v, vByte, w[h * stride + j], acc, h * c.d, c.d);
                } else {
                    addF32(c.v, vByte, w[h * stride + j], acc, h * c.d, c.d);
                }
            }
        }
    }

    // out[t, h] = acc[h] / sums[h], back in natural order.
    private static void write(Call c, int t, float[] acc, float[] sums) {
        for (int h = 0; h < c.heads; h++) {
            scale(acc, h * c.d, c.d, 1f / sums[h]);
            long oByte = c.oBase + ((long) t * c.heads + h) * c.d * Float.BYTES;
            PhaseOrder.scatter(acc, h * c.d, c.d, c.phases, c.o, oByte);
        }
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
            FloatVector e = FloatVector.fromArray(S, s, from + i).sub(max).lanewise(VectorOperators.EXP);
            e.intoArray(s, from + i);
            vsum = vsum.add(e);
        }
        float sum = vsum.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            float e = (float) Math.exp(s[from + i] - max);
            s[from + i] = e;
            sum += e;
        }
        return sum;
    }

    // acc[off + i] += w * v[i], v an F32 row from byte vByte.
    private static void addF32(MemorySegment v, long vByte, float w, float[] acc, int off, int d) {
        FloatVector wv = FloatVector.broadcast(S, w);
        int i = 0;
        for (; i + L <= d; i += L) {
            wv.fma(FloatVector.fromMemorySegment(S, v, vByte + (long) i * Float.BYTES, NATIVE),
                    FloatVector.fromArray(S, acc, off + i)).intoArray(acc, off + i);
        }
        for (; i < d; i++) {
            acc[off + i] = Math.fma(w, v.get(F, vByte + (long) i * Float.BYTES), acc[off + i]);
        }
    }

    // The same for an F16 row; acc is in PhaseOrder for k = 2.
    private static void addF16(MemorySegment v, long vByte, float w, float[] acc, int off, int d) {
        FloatVector wv = FloatVector.broadcast(S, w);
        int whole = PhaseOrder.blocked(d, 2);
        for (int i = 0; i < whole; i += 2 * L) {
            IntVector h = IntVector.fromMemorySegment(IS, v, vByte + (long) i * 2, NATIVE);
            FloatVector lo = h.and(HalfLanes.LOW_MAGNITUDE).lanewise(VectorOperators.LSHL, 13).reinterpretAsFloats()
                    .mul(HalfLanes.REBIAS);
            lo = lo.reinterpretAsInts().lanewise(VectorOperators.OR, HalfLanes.INF_EXPONENT,
                    lo.compare(VectorOperators.GE, HalfLanes.FROM_EXPONENT_31).cast(IS))
                    .or(h.and(HalfLanes.LOW_SIGN).lanewise(VectorOperators.LSHL, 16)).reinterpretAsFloats();
            FloatVector hi = h.lanewise(VectorOperators.LSHR, 3).and(HalfLanes.HIGH_MAGNITUDE).reinterpretAsFloats()
                    .mul(HalfLanes.REBIAS);
            hi = hi.reinterpretAsInts().lanewise(VectorOperators.OR, HalfLanes.INF_EXPONENT,
                    hi.compare(VectorOperators.GE, HalfLanes.FROM_EXPONENT_31).cast(IS))
                    .or(h.and(HalfLanes.HIGH_SIGN)).reinterpretAsFloats();
            lo.fma(wv, FloatVector.fromArray(S, acc, off + i)).intoArray(acc, off + i);
            hi.fma(wv, FloatVector.fromArray(S, acc, off + i + L)).intoArray(acc, off + i + L);
        }
        for (int i = whole; i < d; i++) {
            acc[off + i] = Math.fma(w, Float.float16ToFloat(v.get(S16, vByte + (long) i * 2)), acc[off + i]);
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
