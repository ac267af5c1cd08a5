package bitnet.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import bitnet.api.convert.ConversionMode;
import bitnet.api.convert.ConversionOptions;
import bitnet.api.convert.ConversionResult;
import bitnet.api.convert.ConversionStrategy;
import bitnet.api.ops.Op;
import bitnet.api.ops.TensorOps;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;
import bitnet.backend.cpu.CpuBackend;
import bitnet.core.dispatch.RankedDispatcher;
import bitnet.core.dispatch.Registration;
import bitnet.core.ops.DispatchingTensorOps;

/** An in-place conversion's result is an ordinary platform tensor: every operation takes it. */
class InPlaceResultInOpsTest {
    private static final ConversionOptions IN_PLACE = ConversionOptions.of(ConversionStrategy.DIRECT)
            .withMode(ConversionMode.IN_PLACE);

    @Test
    void matmulSqueezeAndInPlaceOpsAcceptTheResult() {
        try (Fixture f = new Fixture()) {
            TensorOps ops = new DispatchingTensorOps(
                    new RankedDispatcher(() -> List.of(new Registration(new CpuBackend(), 40, 1))), f.factory);
            // F64 [1, 2, 2] converted in place to F32: the F32 elements live in the first half of the F64 bytes.
            try (Tensor d = f.factory.arange(DType.F64, 1, 5, 1); Tensor d3 = d.reshape(1, 2, 2);
                    ConversionResult r = f.engine.convert(d3, DType.F32, IN_PLACE);
                    Tensor m = ops.squeeze(r.tensor(), 0);
                    Tensor sq = ops.matmul(m, m)) {
                assertEquals(DType.F32, r.tensor().dtype());
                assertArrayEquals(new long[] {2, 2}, m.shape());
                // [[1, 2], [3, 4]]^2 = [[7, 10], [15, 22]]
                assertArrayEquals(new float[] {7, 10, 15, 22}, sq.toFloatArray());
                ops.binaryInPlace(Op.ADD, m, sq);
                assertArrayEquals(new float[] {8, 12, 18, 26}, r.tensor().toFloatArray());
                ops.unaryInPlace(Op.NEG, r.tensor());
                assertArrayEquals(new float[] {-8, -12, -18, -26}, m.toFloatArray());
            }
            assertEquals(0, f.pool.stats().bytesInUse());
        }
    }
}
