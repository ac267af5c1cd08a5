package bitnet.backend.simd;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

import bitnet.api.tensor.Tensor;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Batched F32 matrix product {@code C[t] = A[t] x B[t]}, blocked for registers (4 rows x 2 vectors of C per
 * micro-kernel step) and for cache (the shared dimension in panels of {@value #KC}), with row blocks spread
 * over threads.
 *
 * <p>Preconditions: {@code a} is {@code [batch, m, k]} with any strides; {@code b} is {@code [batch, k, n]} with
 * unit stride along {@code n}; {@code c} is {@code [batch, m, n]} and contiguous. Only {@code c} is written.
 * Accumulation is in float, in the order of increasing {@code p}.
 */
final class VectorMatMul {
    private static final VectorSpecies<Float> S = SimdSpecies.FLOAT;
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();
    private static final int MR = 4;
    static final int KC = 256;
    private static final long PARALLEL_THRESHOLD = 1L << 18;

    private VectorMatMul() {
    }

    /** Layout of one call, resolved once. */
    private record Operands(MemorySegment a, long aOff, long as0, long as1, long as2, MemorySegment b, long bOff,
            long bs0, long bs1, MemorySegment c, long cOff, long m, long k, long n) {
    }

    /**
     * @param a {@code [batch, m, k]}
     * @param b {@code [batch, k, n]}, unit stride along n
     * @param c {@code [batch, m, n]}, contiguous
     * @param pool threads to use when the product is large enough
     * @param threads number of tasks to split into (1 runs on the caller's thread)
     */
    static void matmul(Tensor a, Tensor b, Tensor c, ForkJoinPool pool, int threads) {
        long[] sa = a.strides();
        long[] sb = b.strides();
        long[] shape = a.shape();
        long batches = shape[0];
        Operands o = new Operands(a.segment(), a.offset(), sa[0], sa[1], sa[2], b.segment(), b.offset(), sb[0], sb[1],
                c.segment(), c.offset(), shape[1], shape[2], b.shape()[2]);
        long blocksPerBatch = (o.m + MR - 1) / MR;
        long totalBlocks = batches * blocksPerBatch;
        long work = batches * o.m * o.n * Math.max(o.k, 1);
        int tasks = (int) Math.min(threads, totalBlocks);
        if (tasks <= 1 || work < PARALLEL_THRESHOLD || pool == null) {
            run(o, 0, totalBlocks, blocksPerBatch);
            return;
        }
        List<ForkJoinTask<?>> jobs = new ArrayList<>(tasks);
        for (int t = 0; t < tasks; t++) {
            long from = totalBlocks * t / tasks;
            long to = totalBlocks * (t + 1) / tasks;
            jobs.add(pool.submit(() -> run(o, from, to, blocksPerBatch)));
        }
        for (ForkJoinTask<?> job : jobs) {
            job.join();
        }
    }

    private static void run(Operands o, long fromBlock, long toBlock, long blocksPerBatch) {
        for (long blk = fromBlock; blk < toBlock; blk++) {
            long t = blk / blocksPerBatch;
            long i0 = (blk % blocksPerBatch) * MR;
            int rows = (int) Math.min(MR, o.m - i0);
            long aBase = o.aOff + t * o.as0 + i0 * o.as1;
            long bBase = o.bOff + t * o.bs0;
            long cBase = o.cOff + (t * o.m + i0) * o.n;
            if (o.k == 0) {
                o.c.asSlice(cBase * 4, rows * o.n * 4).fill((byte) 0);
                continue;
            }
            for (long p0 = 0; p0 < o.k; p0 += KC) {
                long kc = Math.min(KC, o.k - p0);
                boolean first = p0 == 0;
                if (rows == MR) {
                    block4(o, aBase + p0 * o.as2, bBase + p0 * o.bs1, cBase, kc, first);
                } else {
                    for (int r = 0; r < rows; r++) {
                        block1(o, aBase + r * o.as1 + p0 * o.as2, bBase + p0 * o.bs1, cBase + r * o.n, kc, first);
                    }
                }
            }
        }
    }

    // Four rows of C: 2-vector column blocks, then single vectors, then scalar columns.
    private static void block4(Operands o, long aRow, long bRow, long cRow, long kc, boolean first) {
        MemorySegment A = o.a;
        MemorySegment B = o.b;
        MemorySegment C = o.c;
        long n = o.n;
        long as1 = o.as1;
        long as2 = o.as2;
        long bs1 = o.bs1;
        int L = S.length();
        long j = 0;
        for (; j + 2L * L <= n; j += 2L * L) {
            long c0 = (cRow + j) * 4;
            long c1 = c0 + n * 4;
            long c2 = c1 + n * 4;
            long c3 = c2 + n * 4;
            long hi = (long) L * 4;
            FloatVector r00 = first ? FloatVector.zero(S) : FloatVector.fromMemorySegment(S, C, c0, NATIVE);
            FloatVector r01 = first ? FloatVector.zero(S) : FloatVector.fromMemorySegment(S, C, c0 + hi, NATIVE);
            FloatVector r10 = first ? FloatVector.zero(S) : FloatVector.fromMemorySegment(S, C, c1, NATIVE);
            FloatVector r11 = first ? FloatVector.zero(S) : FloatVector.fromMemorySegment(S, C, c1 + hi, NATIVE);
            FloatVector r20 = first ? FloatVector.zero(S) : FloatVector.fromMemorySegment(S, C, c2, NATIVE);
            FloatVector r21 = first ? FloatVector.zero(S) : FloatVector.fromMemorySegment(S, C, c2 + hi, NATIVE);
            FloatVector r30 = first ? FloatVector.zero(S) : FloatVector.fromMemorySegment(S, C, c3, NATIVE);
            FloatVector r31 = first ? FloatVector.zero(S) : FloatVector.fromMemorySegment(S, C, c3 + hi, NATIVE);
            long ap = aRow;
            long bp = (bRow + j) * 4;
            for (long p = 0; p < kc; p++, ap += as2, bp += bs1 * 4) {
                FloatVector b0 = FloatVector.fromMemorySegment(S, B, bp, NATIVE);
                FloatVector b1 = FloatVector.fromMemorySegment(S, B, bp + hi, NATIVE);
                FloatVector x = FloatVector.broadcast(S, A.get(F, ap * 4));
                r00 = x.fma(b0, r00);
                r01 = x.fma(b1, r01);
                x = FloatVector.broadcast(S, A.get(F, (ap + as1) * 4));
                r10 = x.fma(b0, r10);
                r11 = x.fma(b1, r11);
                x = FloatVector.broadcast(S, A.get(F, (ap + 2 * as1) * 4));
                r20 = x.fma(b0, r20);
                r21 = x.fma(b1, r21);
                x = FloatVector.broadcast(S, A.get(F, (ap + 3 * as1) * 4));
                r30 = x.fma(b0, r30);
                r31 = x.fma(b1, r31);
            }
            r00.intoMemorySegment(C, c0, NATIVE);
            r01.intoMemorySegment(C, c0 + hi, NATIVE);
            r10.intoMemorySegment(C, c1, NATIVE);
            r11.intoMemorySegment(C, c1 + hi, NATIVE);
            r20.intoMemorySegment(C, c2, NATIVE);
            r21.intoMemorySegment(C, c2 + hi, NATIVE);
            r30.intoMemorySegment(C, c3, NATIVE);
            r31.intoMemorySegment(C, c3 + hi, NATIVE);
        }
        for (int r = 0; r < MR; r++) {
            tail(o, aRow + r * as1, bRow, cRow + r * n, kc, first, j);
        }
    }

    private static void block1(Operands o, long aRow, long bRow, long cRow, long kc, boolean first) {
        tail(o, aRow, bRow, cRow, kc, first, 0);
    }

    // One row of C from column `from`: single vectors, then scalar columns.
    private static void tail(Operands o, long aRow, long bRow, long cRow, long kc, boolean first, long from) {
        MemorySegment A = o.a;
        MemorySegment B = o.b;
        MemorySegment C = o.c;
        long n = o.n;
        int L = S.length();
        long j = from;
        for (; j + L <= n; j += L) {
            long cj = (cRow + j) * 4;
            FloatVector acc = first ? FloatVector.zero(S) : FloatVector.fromMemorySegment(S, C, cj, NATIVE);
            long ap = aRow;
            long bp = (bRow + j) * 4;
            for (long p = 0; p < kc; p++, ap += o.as2, bp += o.bs1 * 4) {
                acc = FloatVector.broadcast(S, A.get(F, ap * 4)).fma(FloatVector.fromMemorySegment(S, B, bp, NATIVE),
                        acc);
            }
            acc.intoMemorySegment(C, cj, NATIVE);
        }
        for (; j < n; j++) {
            long cj = (cRow + j) * 4;
            float acc = first ? 0f : C.get(F, cj);
            long ap = aRow;
            long bp = bRow + j;
            for (long p = 0; p < kc; p++, ap += o.as2, bp += o.bs1) {
                acc = Math.fma(A.get(F, ap * 4), B.get(F, bp * 4), acc);
            }
            C.set(F, cj, acc);
        }
    }
}
