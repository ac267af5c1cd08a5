package bitnet.linalg;

import java.util.List;

import bitnet.api.backend.OpCall;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.ShapeMismatchException;
import bitnet.api.tensor.Tensor;
import bitnet.api.tensor.UnsupportedDTypeException;

/**
 * Runs an {@link OpCall.Linalg} on tensors, for the backends: each matrix of the batch is copied into a
 * {@code double[]} ({@link Segments}), decomposed by this library's kernels, and its results copied into the
 * call's outputs (rounded once for F32). Batches of more than one matrix are spread over the threads, one matrix per
 * thread; a single matrix uses the threads inside its GEMM updates.
 */
public final class TensorCalls {
    private TensorCalls() {
    }

    /**
     * Executes {@code call}, writing every element of its outputs.
     *
     * @param call a validated call: contiguous F32 or F64 operands, outputs allocated with the documented shapes
     * @param mode the inner kernels to use ({@link Kernels.Mode#SCALAR} for the reference backend)
     * @param threads at most this many threads, at least 1
     * @throws bitnet.api.linalg.LinAlgException for input without a result (not positive definite, singular, ...)
     * @throws UnsupportedDTypeException for operands that are not F32 or F64
     * @throws ShapeMismatchException if an operand or output does not have the documented shape
     */
    public static void execute(OpCall.Linalg call, Kernels.Mode mode, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        for (Tensor t : call.inputs()) {
            requireFloating(call, t);
        }
        Kernels.run(mode, () -> dispatch(call, threads));
    }

    private static void requireFloating(OpCall call, Tensor t) {
        if (t.dtype() != DType.F32 && t.dtype() != DType.F64) {
            throw new UnsupportedDTypeException(call.op().id() + " accepts F32 and F64 tensors, not " + t.dtype());
        }
        if (!t.isContiguous()) {
            throw new ShapeMismatchException(call.op().id() + " needs contiguous operands; call contiguous() first");
        }
    }

    private static void dispatch(OpCall.Linalg call, int threads) {
        switch (call) {
            case OpCall.Factor c -> Factorizations.run(c, threads);
            case OpCall.QrFactor c -> Factorizations.qr(c, threads);
            case OpCall.SvdFactor c -> Factorizations.svd(c, threads);
            case OpCall.Solve c -> Solvers.solve(c, threads);
            case OpCall.Lstsq c -> Solvers.lstsq(c, threads);
            case OpCall.Pinv c -> Solvers.pinv(c, threads);
            case OpCall.NormOrCond c -> Solvers.normOrCond(c, threads);
            case OpCall.Einsum c -> einsum(c, threads);
        }
    }

    private static void einsum(OpCall.Einsum c, int threads) {
        NdArray[] operands = new NdArray[c.operands().size()];
        for (int i = 0; i < operands.length; i++) {
            Tensor t = c.operands().get(i);
            operands[i] = new NdArray(MatrixStack.intShape(t), MatrixStack.read(t, 0, MatrixStack.intSize(t)));
        }
        NdArray result = Einsum.evaluate(c.subscripts(), threads, operands);
        if (result.data().length != c.output().size()) {
            throw new ShapeMismatchException("einsum '" + c.subscripts() + "' gives " + java.util.Arrays.toString(
                    result.shape()) + " but the output is " + java.util.Arrays.toString(c.output().shape()));
        }
        MatrixStack.write(c.output(), 0, result.data());
    }

    /** Runs {@code body} for each batch index, on up to {@code threads} threads; each body gets the threads left. */
    static void forEachMatrix(int count, int threads, BatchBody body) {
        if (count <= 1 || threads <= 1) {
            for (int t = 0; t < count; t++) {
                body.run(t, threads);
            }
            return;
        }
        int parts = Math.min(threads, count);
        int per = (count + parts - 1) / parts;
        Parallel.forEach(parts, part -> {
            for (int t = part * per; t < Math.min(count, (part + 1) * per); t++) {
                body.run(t, 1);
            }
        });
    }

    /** One matrix of a batch. */
    @FunctionalInterface
    interface BatchBody {
        void run(int index, int threads);
    }

    static List<Tensor> outputs(OpCall.Linalg call, int expected) {
        List<Tensor> out = call.outputs();
        if (out.size() != expected) {
            throw new ShapeMismatchException(call.op().id() + " writes " + expected + " result(s), the call carries "
                    + out.size());
        }
        return out;
    }
}
