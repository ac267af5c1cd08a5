package bitnet.core.ops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import bitnet.api.backend.OpCall;
import bitnet.api.dispatch.Dispatcher;
import bitnet.api.quant.PackingStrategy;
import bitnet.api.quant.QuantMode;
import bitnet.api.quant.QuantSpec;
import bitnet.api.quant.QuantizationException;
import bitnet.api.quant.QuantizedTensor;
import bitnet.api.quant.ScaleGranularity;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.ShapeMismatchException;
import bitnet.api.tensor.Tensor;
import bitnet.api.tensor.UnsupportedDTypeException;
import bitnet.core.tensor.PooledTensorFactory;
import bitnet.quant.kernel.TensorPacking;
import bitnet.quant.pack.PackedTensorFormat;
import bitnet.quant.pack.StrategySelector;
import bitnet.quant.pack.TernaryStats;

/**
 * Quantization, dequantization and ternary packing through the dispatcher: checks operands, allocates every
 * output (closing them all if the backend fails) and hands one {@link OpCall} to the dispatcher.
 */
final class Quantization {
    private final Dispatcher dispatcher;
    private final PooledTensorFactory factory;

    Quantization(Dispatcher dispatcher, PooledTensorFactory factory) {
        this.dispatcher = dispatcher;
        this.factory = factory;
    }

    QuantizedTensor quantize(Tensor x, QuantSpec spec, Tensor scales, Tensor zeroPoints) {
        boolean dynamic = scales == null;
        if (!x.dtype().isFloating()) {
            throw new UnsupportedDTypeException("quantize accepts floating tensors (F32, F64, F16, BF16), not "
                    + x.dtype());
        }
        long[] scaleShape = spec.scaleShape(x.shape());
        if (!dynamic) {
            checkParams(spec, scaleShape, scales, zeroPoints);
        } else if (zeroPoints != null) {
            throw new IllegalArgumentException("quantize: zero points without scales; pass both (static) or neither");
        }
        List<Tensor> made = new ArrayList<>(3);
        // The quantizers compute in F32 (F16/BF16 widen exactly; F64 rounds once, as NumPy's astype(float32) does).
        try (Tensor in = x.dtype() == DType.F32 ? x.contiguous() : x.to(DType.F32);
                Tensor givenScales = dynamic ? null : scales.contiguous();
                Tensor givenZero = zeroPoints == null ? null : zeroPoints.contiguous()) {
            // Sub-byte values are written a field at a time: start from zeroed memory so the bytes are deterministic.
            Tensor values = add(made, spec.valueType().bitsPerElement() < 8 ? factory.zeros(spec.valueType(), x.shape())
                    : factory.empty(spec.valueType(), x.shape()));
            Tensor outScales = !spec.hasScales() ? null
                    : add(made, dynamic ? factory.empty(DType.F32, scaleShape) : givenScales.to(DType.F32));
            Tensor outZero = !spec.hasZeroPoints() ? null
                    : add(made, dynamic ? factory.empty(DType.I32, scaleShape) : givenZero.to(DType.I32));
            dispatcher.execute(new OpCall.Quantize(spec, dynamic ? QuantMode.DYNAMIC : QuantMode.STATIC, in, values,
                    outScales, outZero));
            return new QuantizedTensor(spec, values, outScales, outZero);
        } catch (RuntimeException | Error e) {
            made.forEach(Tensor::close);
            throw e;
        }
    }

    Tensor dequantize(QuantizedTensor q) {
        QuantSpec spec = q.spec();
        Tensor values = q.values();
        if (values.dtype() != spec.valueType()) {
            throw new UnsupportedDTypeException("dequantize: " + spec.scheme() + " values are " + spec.valueType()
                    + ", got " + values.dtype());
        }
        long[] scaleShape = spec.scaleShape(values.shape());
        checkParams(spec, scaleShape, q.scales(), q.zeroPoints());
        // Scales and zero points of any dtype (a file may hold them as float64 or int8) are read as F32 and I32.
        try (Tensor v = values.contiguous();
                Tensor s = q.scales() == null ? null : q.scales().to(DType.F32);
                Tensor z = q.zeroPoints() == null ? null : q.zeroPoints().to(DType.I32)) {
            Tensor out = factory.empty(DType.F32, values.shape());
            try {
                dispatcher.execute(new OpCall.Dequantize(spec, v, s, z, out));
                return out;
            } catch (RuntimeException | Error e) {
                out.close();
                throw e;
            }
        }
    }

    Tensor pack(Tensor ternary, PackingStrategy strategy) {
        if (ternary.dtype() != DType.TERNARY) {
            throw new UnsupportedDTypeException("pack_ternary packs TERNARY tensors, not " + ternary.dtype()
                    + "; quantize first (QuantSpec.ternary())");
        }
        try (Tensor in = ternary.contiguous()) {
            // Sizing needs the statistics of the data: one pass over a byte per weight, small beside packing.
            byte[] trits = TensorPacking.trits(in);
            TernaryStats stats = TernaryStats.of(trits, 0, trits.length);
            PackingStrategy chosen = strategy != null ? strategy : StrategySelector.select(stats);
            long size = PackedTensorFormat.encodedSize(chosen, stats, in.shape());
            Tensor out = factory.empty(DType.I8, size);
            try {
                dispatcher.execute(new OpCall.PackTernary(chosen, in, out));
                return out;
            } catch (RuntimeException | Error e) {
                out.close();
                throw e;
            }
        }
    }

    Tensor unpack(Tensor packed) {
        if (packed.dtype() != DType.I8 || packed.rank() != 1) {
            throw new UnsupportedDTypeException("unpack_ternary reads the I8 [bytes] tensor pack_ternary wrote, not "
                    + packed.dtype() + " " + Arrays.toString(packed.shape()));
        }
        try (Tensor in = packed.contiguous()) {
            PackedTensorFormat.Header header = PackedTensorFormat.readHeader(
                    TensorPacking.bytes(in, PackedTensorFormat.MAX_HEADER_BYTES));
            // Before the output is allocated from the header's shape: a few bytes must not claim millions of weights.
            PackedTensorFormat.checkPayload(header, in.size() - header.payloadOffset());
            Tensor out = factory.zeros(DType.TERNARY, header.shape());
            try {
                dispatcher.execute(new OpCall.UnpackTernary(in, out));
                return out;
            } catch (RuntimeException | Error e) {
                out.close();
                throw e;
            }
        }
    }

    /** The {@code quantizeTernary} form: a matrix, per tensor or per output channel. */
    List<Tensor> ternary(Tensor weights, boolean perChannel) {
        if (weights.rank() != 2) {
            throw new ShapeMismatchException("quantize_ternary needs a matrix [out, in], got "
                    + Arrays.toString(weights.shape()));
        }
        QuantizedTensor q = quantize(weights, QuantSpec.ternary(
                perChannel ? ScaleGranularity.PER_CHANNEL : ScaleGranularity.PER_TENSOR, 0), null, null);
        return List.of(q.values(), q.scales());
    }

    private static void checkParams(QuantSpec spec, long[] scaleShape, Tensor scales, Tensor zeroPoints) {
        if (spec.hasScales() != (scales != null)) {
            throw new QuantizationException(spec.scheme() + (spec.hasScales() ? " needs scales" : " has no scales")
                    + (spec.hasScales() ? " of shape " + Arrays.toString(scaleShape) : "; pass null"));
        }
        if (scales != null && !Arrays.equals(scales.shape(), scaleShape)) {
            throw new ShapeMismatchException(spec.scheme() + " " + spec.granularity() + " needs scales of shape "
                    + Arrays.toString(scaleShape) + ", got " + Arrays.toString(scales.shape()));
        }
        if (spec.hasZeroPoints() != (zeroPoints != null)) {
            throw new QuantizationException(spec.scheme() + (spec.hasZeroPoints()
                    ? " needs I32 zero points of shape " + Arrays.toString(scaleShape) : " has no zero points; pass null"));
        }
        if (zeroPoints != null && !Arrays.equals(zeroPoints.shape(), scaleShape)) {
            throw new ShapeMismatchException(spec.scheme() + " needs zero points of shape "
                    + Arrays.toString(scaleShape) + ", got " + Arrays.toString(zeroPoints.shape()));
        }
    }

    private static Tensor add(List<Tensor> made, Tensor t) {
        made.add(t);
        return t;
    }
}
