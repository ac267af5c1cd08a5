package bitnet.backend.simd;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

import bitnet.api.backend.OpCall;
import bitnet.api.tensor.Slice;
import bitnet.api.tensor.Tensor;

/**
 * Splits a large call that works row by row along the last axis (softmax, norms, last-axis reductions) of
 * contiguous operands into row ranges, one per thread. Rows are independent, so each range is a complete call.
 */
final class ChunkedRows {
    private ChunkedRows() {
    }

    static boolean worthSplitting(OpCall call, int threads) {
        if (threads < 2 || call.inputs().get(0).size() < ChunkedElementwise.MIN_ELEMENTS) {
            return false;
        }
        Tensor in = call.inputs().get(0);
        if (in.rank() < 2 || !in.isContiguous() || in.size() / in.dim(-1) < threads) {
            return false;
        }
        return switch (call) {
            case OpCall.Softmax c -> c.axis() == in.rank() - 1;
            case OpCall.Norm c -> true;
            case OpCall.Reduce c -> c.axis() == in.rank() - 1 && VectorAxis.supports(c.op(), c.axis(), in.rank());
            default -> false;
        };
    }

    static void run(OpCall call, ForkJoinPool pool, int threads) {
        Tensor in = call.inputs().get(0);
        long n = in.dim(-1);
        long rows = in.size() / n;
        List<ForkJoinTask<?>> jobs = new ArrayList<>(threads);
        for (int t = 0; t < threads; t++) {
            long from = rows * t / threads;
            long to = rows * (t + 1) / threads;
            jobs.add(pool.submit(() -> runRows(call, rows, n, from, to)));
        }
        for (ForkJoinTask<?> job : jobs) {
            job.join();
        }
    }

    private static void runRows(OpCall call, long rows, long n, long from, long to) {
        List<Tensor> views = new ArrayList<>();
        try {
            Tensor in = rowsOf(call.inputs().get(0), rows, n, from, to, views);
            switch (call) {
                case OpCall.Softmax c -> VectorAxis.softmaxLastAxis(c.op() == bitnet.api.ops.Op.LOG_SOFTMAX, in,
                        rowsOf(c.output(), rows, n, from, to, views));
                case OpCall.Norm c -> VectorAxis.norm(c.op(), in, c.weight(), c.bias(), c.eps(),
                        rowsOf(c.output(), rows, n, from, to, views));
                case OpCall.Reduce c -> VectorAxis.reduce(c.op(), in, 1, c.ddof(), valuesOf(c.output(), rows, from, to,
                        views));
                default -> throw new UnsupportedOperationException("simd: cannot split " + call.op().id());
            }
        } finally {
            views.forEach(Tensor::close);
        }
    }

    private static Tensor valuesOf(Tensor t, long rows, long from, long to, List<Tensor> views) {
        Tensor flat = t.reshape(rows);
        views.add(flat);
        Tensor part = flat.slice(Slice.range(from, to));
        views.add(part);
        return part;
    }

    private static Tensor rowsOf(Tensor t, long rows, long n, long from, long to, List<Tensor> views) {
        Tensor matrix = t.reshape(rows, n);
        views.add(matrix);
        Tensor part = matrix.slice(Slice.range(from, to));
        views.add(part);
        return part;
    }
}
