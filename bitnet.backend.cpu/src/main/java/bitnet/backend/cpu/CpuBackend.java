package bitnet.backend.cpu;

import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

import bitnet.api.backend.Availability;
import bitnet.api.backend.BackendInfo;
import bitnet.api.backend.ComputeBackend;
import bitnet.api.backend.OpCall;
import bitnet.api.ops.Op;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Device;
import bitnet.api.tensor.Tensor;
import bitnet.backend.support.CallGate;
import bitnet.linalg.Kernels;
import bitnet.linalg.TensorCalls;
import bitnet.quant.kernel.PreparedWeights;
import bitnet.quant.kernel.TensorBitLinear;
import bitnet.quant.kernel.TensorPacking;
import bitnet.quant.kernel.TensorQuantization;
import bitnet.quant.kernel.TernaryMatMul;

/**
 * The reference backend: plain Java, single-threaded, any layout. Every other backend is tested against it.
 */
@Component(service = ComputeBackend.class,
        property = {"service.ranking:Integer=40", ComputeBackend.NAME_PROPERTY + "=cpu"})
public final class CpuBackend implements ComputeBackend {
    private static final Set<Op> OPS = Set.copyOf(EnumSet.allOf(Op.class));
    private static final BackendInfo INFO = new BackendInfo("cpu", Device.CPU, "plain Java reference, 1 thread");

    private final CallGate gate = new CallGate("cpu");
    private final PreparedWeights prepared = new PreparedWeights();

    @Override
    public BackendInfo info() {
        return INFO;
    }

    @Override
    public Availability availability() {
        return gate.availability();
    }

    @Override
    public Set<Op> operations() {
        return OPS;
    }

    @Override
    public boolean supports(Op op, DType dtype) {
        return dtype == DType.F32
                || dtype == DType.TERNARY && (op == Op.PACK_TERNARY || op == Op.UNPACK_TERNARY)
                || op.family() == Op.Family.DECOMPOSITION && dtype == DType.F64
                || op == Op.EMBEDDING && (dtype == DType.F16 || dtype == DType.BF16)
                || op == Op.LINEAR && (dtype == DType.F16 || dtype == DType.BF16 || dtype == DType.I8)
                || op == Op.ATTENTION && dtype == DType.F16;
    }

    @Override
    public boolean accepts(OpCall call) {
        if (call instanceof OpCall.Linalg c) {
            // bitnet.linalg copies whole matrices out of contiguous memory; LinearAlgebra always passes that layout.
            for (Tensor t : c.inputs()) {
                if (!t.isContiguous()) {
                    return false;
                }
            }
        }
        return supports(call.op(), call.dtype());
    }

    @Override
    public void execute(OpCall call) {
        try (CallGate.Pass pass = gate.enter()) {
            switch (call) {
                case OpCall.Binary c -> ElementwiseKernels.binary(c.op(), c.a(), c.b(), c.output());
                case OpCall.Unary c -> ElementwiseKernels.unary(c.op(), c.input(), c.output());
                case OpCall.Clamp c -> ElementwiseKernels.clamp(c.input(), c.min(), c.max(), c.output());
                case OpCall.Where c -> ElementwiseKernels.where(c.mask(), c.x(), c.y(), c.output());
                case OpCall.Reduce c -> AxisKernels.reduce(c.op(), c.input(), c.axis(), c.ddof(), c.output());
                case OpCall.Softmax c -> AxisKernels.softmax(c.op() == Op.LOG_SOFTMAX, c.input(), c.axis(),
                        c.output());
                case OpCall.Norm c -> AxisKernels.norm(c.op(), c.input(), c.weight(), c.bias(), c.eps(), c.output());
                case OpCall.MatMul c -> MatMulKernel.matmul(c.a(), c.b(), c.output());
                case OpCall.BitLinear c -> TensorBitLinear.forward(TernaryMatMul.Kernel.SCALAR, c, prepared, null, 1);
                case OpCall.Quantize c -> TensorQuantization.quantize(c, false);
                case OpCall.Dequantize c -> TensorQuantization.dequantize(c);
                case OpCall.PackTernary c -> TensorPacking.pack(c);
                case OpCall.UnpackTernary c -> TensorPacking.unpack(c);
                // The reference runs bitnet.linalg's scalar kernels, which need no jdk.incubator.vector.
                case OpCall.Linalg c -> TensorCalls.execute(c, Kernels.Mode.SCALAR, 1);
                case OpCall.Embedding c -> TransformerKernels.embedding(c);
                case OpCall.Rope c -> TransformerKernels.rope(c);
                case OpCall.Attention c -> TransformerKernels.attention(c);
                case OpCall.Linear c -> TransformerKernels.linear(c);
            }
        }
    }

    /** Refuses new calls and waits up to ten seconds for those in flight. */
    @Deactivate
    void deactivate() throws InterruptedException {
        gate.close(10, TimeUnit.SECONDS);
        prepared.clear();
    }
}
