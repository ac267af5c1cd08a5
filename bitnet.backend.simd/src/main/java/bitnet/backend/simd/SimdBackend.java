package bitnet.backend.simd;

import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import bitnet.api.backend.Availability;
import bitnet.api.backend.BackendInfo;
import bitnet.api.backend.ComputeBackend;
import bitnet.api.backend.OpCall;
import bitnet.api.ops.Op;
import bitnet.api.quant.QuantMode;
import bitnet.api.quant.QuantScheme;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Device;
import bitnet.api.tensor.Tensor;
import bitnet.backend.support.CallGate;
import bitnet.linalg.Kernels;
import bitnet.linalg.TensorCalls;
import bitnet.quant.kernel.PreparedWeights;
import bitnet.quant.kernel.TensorBitLinear;
import bitnet.quant.kernel.TensorQuantization;
import bitnet.quant.kernel.TernaryMatMul;

/**
 * The Vector API backend. Its bundle imports {@code jdk.incubator.vector}, so without
 * {@code --add-modules jdk.incubator.vector} it does not resolve and the CPU backend serves everything.
 * It declines layouts it has no vector kernel for (see {@link #accepts(OpCall)}); the dispatcher then uses the
 * next backend.
 */
@Component(service = ComputeBackend.class, configurationPid = SimdBackend.PID,
        property = {"service.ranking:Integer=60", ComputeBackend.NAME_PROPERTY + "=simd"})
@Designate(ocd = SimdBackend.Config.class)
public final class SimdBackend implements ComputeBackend {
    /** Configuration Admin PID. */
    public static final String PID = "bitnet.backend.simd";

    @ObjectClassDefinition(name = "bitnet SIMD backend", description = "Vector API kernels")
    public @interface Config {
        @AttributeDefinition(description = "Threads for matmul, and for element-wise and row-wise calls over 1M "
                + "elements; 0 uses every available processor")
        int threads() default 0;
    }

    // No vector kernel: float fmod has no Vector API lane operation, and arg-reductions need lane indices; packing
    // and dequantization are storage steps with nothing to vectorise yet. The CPU backend serves these. Of the
    // quantizers only the per-token int8 one (the per-call BitNet activation step) has a vector kernel: accepts().
    private static final Set<Op> OPS = Set.copyOf(EnumSet.complementOf(EnumSet.of(Op.REMAINDER, Op.ARGMIN,
            Op.ARGMAX, Op.DEQUANTIZE, Op.PACK_TERNARY, Op.UNPACK_TERNARY)));

    private final CallGate gate = new CallGate("simd");
    private final PreparedWeights prepared = new PreparedWeights();
    private final int threads;
    private final ForkJoinPool pool;
    private final BackendInfo info;

    /** @param config thread count */
    @Activate
    public SimdBackend(Config config) {
        this.threads = config.threads() > 0 ? config.threads() : Runtime.getRuntime().availableProcessors();
        this.pool = new ForkJoinPool(threads);
        this.info = new BackendInfo("simd", Device.CPU, SimdSpecies.describe() + ", " + threads + " threads");
    }

    /** @param threads matmul threads, for plain-Java use and tests */
    public SimdBackend(int threads) {
        this(new Config() {
            @Override
            public Class<? extends java.lang.annotation.Annotation> annotationType() {
                return Config.class;
            }

            @Override
            public int threads() {
                return threads;
            }
        });
    }

    @Override
    public BackendInfo info() {
        return info;
    }

    @Override
    public Availability availability() {
        return gate.availability();
    }

    @Override
    public Set<Op> operations() {
        return OPS;
    }

    /**
     * F32 for every operation in {@link #operations()}, F64 for the decompositions, and the stored dtypes of the
     * transformer operations: embedding tables F16 and BF16, attention KV caches F16, linear weights F16, BF16 and
     * I8 (the dtype of an {@link OpCall} is its first input's).
     */
    @Override
    public boolean supports(Op op, DType dtype) {
        if (!OPS.contains(op)) {
            return false;
        }
        return switch (op) {
            case EMBEDDING -> dtype == DType.F32 || dtype == DType.F16 || dtype == DType.BF16;
            case ATTENTION -> dtype == DType.F32 || dtype == DType.F16;
            case LINEAR -> dtype == DType.F32 || dtype == DType.F16 || dtype == DType.BF16 || dtype == DType.I8;
            default -> dtype == DType.F32 || op.family() == Op.Family.DECOMPOSITION && dtype == DType.F64;
        };
    }

    @Override
    public boolean accepts(OpCall call) {
        if (!supports(call.op(), call.dtype()) || !call.output().isContiguous()) {
            return false;
        }
        return switch (call) {
            case OpCall.Binary c -> VectorElementwise.rowsVectorizable(c.a(), c.b());
            case OpCall.Unary c -> unitLastStride(c.input());
            case OpCall.Clamp c -> unitLastStride(c.input());
            case OpCall.Where c -> VectorElementwise.rowsVectorizable(c.mask(), c.x(), c.y());
            case OpCall.Reduce c -> c.input().isContiguous() && VectorAxis.supports(c.op(), c.axis(), c.input().rank());
            case OpCall.Softmax c -> c.input().isContiguous() && c.axis() == c.input().rank() - 1;
            case OpCall.Norm c -> c.input().isContiguous() && (c.weight() == null || c.weight().isContiguous())
                    && (c.bias() == null || c.bias().isContiguous());
            case OpCall.MatMul c -> unitLastStride(c.b());
            case OpCall.BitLinear c -> true;
            case OpCall.Quantize c -> c.spec().scheme() == QuantScheme.INT8_ABSMAX && c.mode() == QuantMode.DYNAMIC;
            case OpCall.Dequantize c -> false;
            case OpCall.PackTernary c -> false;
            case OpCall.UnpackTernary c -> false;
            case OpCall.Linalg c -> allContiguous(c);
            case OpCall.Embedding c -> TransformerLayouts.accepts(c);
            case OpCall.Rope c -> TransformerLayouts.accepts(c);
            case OpCall.Attention c -> TransformerLayouts.accepts(c);
            case OpCall.Linear c -> TransformerLayouts.accepts(c);
        };
    }

    private static boolean allContiguous(OpCall.Linalg call) {
        for (Tensor t : call.inputs()) {
            if (!t.isContiguous()) {
                return false;
            }
        }
        for (Tensor t : call.outputs()) {
            if (!t.isContiguous()) {
                return false;
            }
        }
        return true;
    }

    private static boolean unitLastStride(Tensor t) {
        return t.rank() == 0 || t.dim(-1) <= 1 || t.strides()[t.rank() - 1] == 1;
    }

    @Override
    public void execute(OpCall call) {
        try (CallGate.Pass pass = gate.enter()) {
            if (!accepts(call)) {
                throw new UnsupportedOperationException("simd: no vector kernel for this layout of " + call.op().id());
            }
            if (ChunkedElementwise.worthSplitting(call, threads)) {
                ChunkedElementwise.run(call, pool, threads);
                return;
            }
            if (ChunkedRows.worthSplitting(call, threads)) {
                ChunkedRows.run(call, pool, threads);
                return;
            }
            switch (call) {
                case OpCall.Binary c -> VectorElementwise.binary(c.op(), c.a(), c.b(), c.output());
                case OpCall.Unary c -> VectorElementwise.unary(c.op(), c.input(), c.output());
                case OpCall.Clamp c -> VectorElementwise.clamp(c.input(), c.min(), c.max(), c.output());
                case OpCall.Where c -> VectorElementwise.where(c.mask(), c.x(), c.y(), c.output());
                case OpCall.Reduce c -> VectorAxis.reduce(c.op(), c.input(), c.axis(), c.ddof(), c.output());
                case OpCall.Softmax c -> VectorAxis.softmaxLastAxis(c.op() == Op.LOG_SOFTMAX, c.input(), c.output());
                case OpCall.Norm c -> VectorAxis.norm(c.op(), c.input(), c.weight(), c.bias(), c.eps(), c.output());
                case OpCall.MatMul c -> VectorMatMul.matmul(c.a(), c.b(), c.output(), pool, threads);
                case OpCall.BitLinear c -> TensorBitLinear.forward(TernaryMatMul.Kernel.VECTOR, c, prepared, pool,
                        threads);
                case OpCall.Quantize c -> TensorQuantization.quantize(c, true);
                case OpCall.Dequantize c -> throw new UnsupportedOperationException("simd: no dequantize kernel");
                case OpCall.PackTernary c -> throw new UnsupportedOperationException("simd: no packing kernel");
                case OpCall.UnpackTernary c -> throw new UnsupportedOperationException("simd: no packing kernel");
                // bitnet.linalg's parallel parts run in the common pool; its Vector API kernels are the point here.
                case OpCall.Linalg c -> TensorCalls.execute(c, Kernels.Mode.VECTOR, threads);
                case OpCall.Embedding c -> VectorEmbedding.embedding(c.table(), c.ids(), c.output());
                case OpCall.Rope c -> VectorRope.rope(c.input(), c.positions(), c.theta(), c.output());
                case OpCall.Attention c -> VectorAttention.attention(c.query(), c.keys(), c.values(), c.start(),
                        c.scale(), c.output(), pool, threads);
                case OpCall.Linear c -> VectorLinear.linear(c.weights(), c.scales(), c.input(), c.output(), pool,
                        threads);
            }
        }
    }

    /** @return the weight layouts this backend keeps between BitLinear calls (for tests and diagnostics) */
    PreparedWeights preparedWeights() {
        return prepared;
    }

    /** Refuses new calls, waits up to ten seconds for those in flight, then stops the thread pool. */
    @Deactivate
    void deactivate() throws InterruptedException {
        gate.close(10, TimeUnit.SECONDS);
        pool.shutdown();
        prepared.clear();
    }
}
