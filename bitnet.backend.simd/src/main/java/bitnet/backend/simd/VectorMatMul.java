package bitnet.backend.simd;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

import bitnet.api.tensor.Tensor;

/**
 * Batched F32 matrix product {@code C[t] = A[t] x B[t]} as a packed, cache-blocked GEMM in the Goto/BLIS loop
 * order: columns in blocks of {@link #NC}, the shared dimension in panels of {@link #KC} (B packed once per
 * panel), rows in blocks of {@link #MC} (A packed once per block), then {@link GemmKernel} tiles of
 * {@code MR x NR}. Row blocks (or, when there are too few rows, column blocks) are spread over threads.
 * Products with fewer rows than one tile skip the packing ({@link GemmSmallRows}).
 *
 * <p>Preconditions: {@code a} is {@code [batch, m, k]} with any strides; {@code b} is {@code [batch, k, n]} with
 * unit stride along {@code n}; {@code c} is {@code [batch, m, n]} and contiguous. Only {@code c} is written,
 * every element of it. Accumulation is in float: within a panel of {@link #KC} in order of increasing
 * {@code p}, then panel by panel (for fewer than {@code MR} rows: over all of {@code k} in one pass).
 */
final class VectorMatMul {
    /** Shared-dimension panel: a KC x NR slice of packed B stays in L1 while a tile column is computed. */
    static final int KC = 256;
    /** Row block: the MC x KC packed A block stays in L2. */
    static final int MC = 192;
    /** Column block: the KC x NC packed B panel stays in the outer caches. */
    static final int NC = 2048;
    private static final int MR = GemmKernel.MR;
    private static final int NR = GemmKernel.NR;
    private static final long PARALLEL_THRESHOLD = 1L << 18;

    private VectorMatMul() {
    }

    /** Layout of one call, resolved once; offsets and strides in floats. */
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
        if (batches == 0 || o.m == 0 || o.n == 0) {
            return;
        }
        if (o.k == 0) {
            o.c.asSlice(o.cOff * Float.BYTES, batches * o.m * o.n * Float.BYTES).fill((byte) 0);
            return;
        }
        long rowBlocks = (o.m + MR - 1) / MR;
        long units = batches * rowBlocks;
        long colBlocks = (o.n + NR - 1) / NR;
        long work = batches * o.m * o.n * o.k;
        int tasks = pool == null || work < PARALLEL_THRESHOLD ? 1 : threads;
        if (tasks <= 1) {
            run(o, rowBlocks, 0, units, 0, o.n);
            return;
        }
        List<ForkJoinTask<?>> jobs = new ArrayList<>(tasks);
        if (units >= tasks) {
            for (int t = 0; t < tasks; t++) {
                long from = units * t / tasks;
                long to = units * (t + 1) / tasks;
                jobs.add(ForkJoinTask.adapt(() -> run(o, rowBlocks, from, to, 0, o.n)));
            }
        } else {
            // Too few rows to share (a matrix-vector product, say): every task takes all rows and some columns.
            int parts = (int) Math.min(tasks, colBlocks);
            for (int t = 0; t < parts; t++) {
                long from = colBlocks * t / parts * NR;
                long to = Math.min(o.n, colBlocks * (t + 1) / parts * NR);
                jobs.add(ForkJoinTask.adapt(() -> run(o, rowBlocks, 0, units, from, to)));
            }
        }
        for (int t = 1; t < jobs.size(); t++) {
            pool.execute(jobs.get(t));
        }
        // The caller computes the first share itself rather than waiting idle.
        RuntimeException failure = null;
        for (ForkJoinTask<?> job : jobs) {
            try {
                if (job == jobs.get(0)) {
                    job.invoke();
                } else {
                    job.join();
                }
            } catch (RuntimeException e) {
                // Keep waiting: c must not be written by a task still running once the caller sees the failure.
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    // Row blocks [fromUnit, toUnit) counted across batches, columns [j0, j1).
    private static void run(Operands o, long rowBlocks, long fromUnit, long toUnit, long j0, long j1) {
        if (o.m < MR) {
            // Fewer rows than a tile: each unit is one whole batch.
            for (long t = fromUnit; t < toUnit; t++) {
                for (long i = 0; i < o.m; i++) {
                    GemmSmallRows.row(o.a, o.aOff + t * o.as0 + i * o.as1, o.as2, o.b, o.bOff + t * o.bs0, o.bs1,
                            o.c, o.cOff + (t * o.m + i) * o.n, o.k, j0, j1);
                }
            }
            return;
        }
        long rowsMax = Math.min((toUnit - fromUnit) * MR, o.m);
        int kcMax = (int) Math.min(KC, o.k);
        int mcMax = (int) ((Math.min(MC, rowsMax) + MR - 1) / MR * MR);
        int ncMax = (int) ((Math.min(NC, j1 - j0) + NR - 1) / NR * NR);
        float[] ap = new float[mcMax * kcMax];
        float[] bp = new float[ncMax * kcMax];
        float[] edge = new float[MR * NR];
        for (long u = fromUnit; u < toUnit; ) {
            long t = u / rowBlocks;
            long last = Math.min(toUnit, (t + 1) * rowBlocks);
            long i0 = (u - t * rowBlocks) * MR;
            long i1 = Math.min(o.m, (last - t * rowBlocks) * MR);
            block(o, t, i0, i1, j0, j1, ap, bp, edge);
            u = last;
        }
    }

    private static void block(Operands o, long t, long i0, long i1, long j0, long j1, float[] ap, float[] bp,
            float[] edge) {
        long aBase = o.aOff + t * o.as0;
        long bBase = o.bOff + t * o.bs0;
        long cBase = o.cOff + t * o.m * o.n;
        for (long jc = j0; jc < j1; jc += NC) {
            int nc = (int) Math.min(NC, j1 - jc);
            for (long pc = 0; pc < o.k; pc += KC) {
                int kc = (int) Math.min(KC, o.k - pc);
                boolean accumulate = pc > 0;
                GemmPack.packB(o.b, bBase + pc * o.bs1 + jc, o.bs1, kc, nc, bp);
                for (long ic = i0; ic < i1; ic += MC) {
                    int mc = (int) Math.min(MC, i1 - ic);
                    GemmPack.packA(o.a, aBase + ic * o.as1 + pc * o.as2, o.as1, o.as2, mc, kc, ap);
                    for (int jr = 0; jr < nc; jr += NR) {
                        int cols = Math.min(NR, nc - jr);
                        for (int ir = 0; ir < mc; ir += MR) {
                            GemmKernel.tile(ap, ir * kc, bp, jr * kc, kc, o.c, cBase + (ic + ir) * o.n + jc + jr, o.n,
                                    Math.min(MR, mc - ir), cols, accumulate, edge);
                        }
                    }
                }
            }
        }
    }
}
