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
 * <p>The work unit is one query row and one KV head with its group of query heads. Each K row and V row of the
 * unit is loaded from memory once and used, from L1, by every query head of the group. Scores are F32 dot
 * products (F16 rows converted in registers by {@link HalfLanes}, against the query in {@link PhaseOrder}); the
 * softmax subtracts the row maximum, exponentiates in F32 lanes and normalises once at the end; the weighted sum
 * of V rows accumulates in F32 lanes. Units are split over the backend's threads when the call has at least
 * {@link #PARALLEL_THRESHOLD} multiply-adds.
 *
 * <p>Preconditions (checked by the caller): query F32 {@code [n, heads, d]}, keys and values {@code [capacity,
 * kvHeads, d]} of one dtype, all contiguous; {@code kvHeads} divides {@code heads};
 * {@code start + n <= capacity}. The output F32 {@code [n, heads, d]} is written completely.
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

    /** Shapes and memory of one call; offsets in bytes. */
    private record Call(MemorySegment q, long qBase, MemorySegment k, long kBase, MemorySegment v, long vBase,
            MemorySegment o, long oBase, DType cache, int heads, int kvHeads, int group, int d, int start,
            float scale) {
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
                heads, kvHeads, heads / kvHeads, d, start, scale);
        double work = 2.0 * n * heads * d * (start + (n + 1) / 2.0);
        int tasks = work < PARALLEL_THRESHOLD ? 1 : threads;
        int visibleMax = start + n;
        ParallelRanges.run(pool, tasks, (long) n * kvHeads, (from, to) -> {
            float[] q = new float[c.group * d];
            float[] scores = new float[c.group * visibleMax];
            float[] acc = new float[c.group * d];
            float[] sums = new float[c.group];
            for (long u = from; u < to; u++) {
                unit(c, (int) (u / kvHeads), (int) (u % kvHeads), q, scores, acc, sums);
            }
        });
    }

    private static void unit(Call c, int t, int kv, float[] q, float[] scores, float[] acc, float[] sums) {
        int d = c.d;
        int group = c.group;
        int visible = c.start + t + 1;
        int phases = c.cache == DType.F16 ? 2 : 1;
        int cacheBytes = c.cache.bitsPerElement() / 8;
        long rowStride = (long) c.kvHeads * d * cacheBytes;
        long headOffset = (long) kv * d * cacheBytes;
        int firstHead = kv * group;
        for (int g = 0; g < group; g++) {
            long qByte = c.qBase + ((long) t * c.heads + firstHead + g) * d * Float.BYTES;
            PhaseOrder.gather(c.q, qByte, d, phases, q, g * d);
        }
        for (int j = 0; j < visible; j++) {
            long kByte = c.kBase + j * rowStride + headOffset;
            for (int g = 0; g < group; g++) {
                scores[g * visible + j] = WeightRows.dot(c.cache, c.k, kByte, q, g * d, d) * c.scale;
            }
        }
        for (int g = 0; g < group; g++) {
            sums[g] = exponentiate(scores, g * visible, visible);
        }
        java.util.Arrays.fill(acc, 0, group * d, 0f);
        for (int j = 0; j < visible; j++) {
            long vByte = c.vBase + j * rowStride + headOffset;
            for (int g = 0; g < group; g++) {
                float weight = scores[g * visible + j];
                if (phases == 2) {
                    addF16(c.v, vByte, weight, acc, g * d, d);
                } else {
                    addF32(c.v, vByte, weight, acc, g * d, d);
                }
            }
        }
        for (int g = 0; g < group; g++) {
            scale(acc, g * d, d, 1f / sums[g]);
            long oByte = c.oBase + ((long) t * c.heads + firstHead + g) * d * Float.BYTES;
            PhaseOrder.scatter(acc, g * d, d, phases, c.o, oByte);
        }
    }

    // s[from .. from + n) = exp(s - max s); returns the sum.
    private static float exponentiate(float[] s, int from, int n) {
        FloatVector vmax = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        int i = 0;
        for (; i + L <= n; i += L) {
            vmax = vmax.max(FloatVector.fromArray(S, s, from + i));
        }
        float max = vmax.reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) {
            max = Math.max(max, s[from + i]);
        }
        FloatVector vsum = FloatVector.zero(S);
        i = 0;
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
            wv.fma(HalfLanes.f16Low(h), FloatVector.fromArray(S, acc, off + i)).intoArray(acc, off + i);
            wv.fma(HalfLanes.f16High(h), FloatVector.fromArray(S, acc, off + i + L)).intoArray(acc, off + i + L);
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
