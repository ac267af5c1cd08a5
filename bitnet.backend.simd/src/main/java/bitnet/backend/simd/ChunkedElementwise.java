package bitnet.backend.simd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

import bitnet.api.backend.OpCall;
import bitnet.api.tensor.Slice;
import bitnet.api.tensor.Tensor;

/**
 * Splits a large element-wise call whose operands are all contiguous and of the output's shape into flat
 * chunks, one per thread: one core cannot saturate DRAM bandwidth on streaming ops.
 */
final class ChunkedElementwise {
    /** Below this many elements a call is not worth splitting (the work fits in cache and takes microseconds). */
    static final long MIN_ELEMENTS = 1L << 20;

    private ChunkedElementwise() {
    }

    static boolean worthSplitting(OpCall call, int threads) {
        if (threads < 2 || call.output().size() < MIN_ELEMENTS) {
            return false;
        }
        if (!(call instanceof OpCall.Binary || call instanceof OpCall.Unary || call instanceof OpCall.Clamp)) {
            return false;
        }
        long[] shape = call.output().shape();
        for (Tensor t : call.inputs()) {
            if (!t.isContiguous() || !Arrays.equals(t.shape(), shape)) {
                return false;
            }
        }
        return true;
    }

    static void run(OpCall call, ForkJoinPool pool, int threads) {
        long n = call.output().size();
        List<ForkJoinTask<?>> jobs = new ArrayList<>(threads);
        for (int t = 0; t < threads; t++) {
            long from = n * t / threads;
            long to = n * (t + 1) / threads;
            jobs.add(pool.submit(() -> runChunk(call, from, to)));
        }
        for (ForkJoinTask<?> job : jobs) {
            job.join();
        }
    }

    private static void runChunk(OpCall call, long from, long to) {
        List<Tensor> views = new ArrayList<>();
        try {
            Tensor out = chunk(call.output(), from, to, views);
            switch (call) {
                case OpCall.Binary c -> VectorElementwise.binary(c.op(), chunk(c.a(), from, to, views),
                        chunk(c.b(), from, to, views), out);
                case OpCall.Unary c -> VectorElementwise.unary(c.op(), chunk(c.input(), from, to, views), out);
                case OpCall.Clamp c -> VectorElementwise.clamp(chunk(c.input(), from, to, views), c.min(), c.max(),
                        out);
                default -> throw new UnsupportedOperationException("simd: cannot split " + call.op().id());
            }
        } finally {
            views.forEach(Tensor::close);
        }
    }

    private static Tensor chunk(Tensor t, long from, long to, List<Tensor> views) {
        Tensor flat = t.reshape(t.size());
        views.add(flat);
        Tensor part = flat.slice(Slice.range(from, to));
        views.add(part);
        return part;
    }
}
