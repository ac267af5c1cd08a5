package bitnet.quant.kernel;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

import bitnet.api.backend.OpCall;
import bitnet.api.quant.QuantMode;
import bitnet.api.quant.QuantScheme;
import bitnet.api.quant.QuantSpec;
import bitnet.api.quant.QuantizationException;
import bitnet.api.quant.ScaleGranularity;
import bitnet.api.tensor.Tensor;
import bitnet.quant.ActivationQuantizer;
import bitnet.quant.ActivationQuantizerVector;
import bitnet.quant.Checks;
import bitnet.quant.HalfPrecision;
import bitnet.quant.SubByteCodes;
import bitnet.quant.Int4Quantizer;
import bitnet.quant.Int4Weights;
import bitnet.quant.Int8Params;
import bitnet.quant.Int8Quantizer;
import bitnet.quant.TernaryQuantizer;
import bitnet.quant.TernaryWeights;

/**
 * Runs {@link OpCall.Quantize} and {@link OpCall.Dequantize} on tensors with the quantizers of {@code bitnet.quant},
 * so every backend computes the same formulas (documented on {@link QuantSpec}). A tensor {@code [..., n]} is
 * {@code rows} rows of {@code n}. Everything is validated and computed on the heap before the first byte of an
 * output is written, so a failure (a NaN, a bad static scale) leaves the outputs untouched.
 */
public final class TensorQuantization {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ValueLayout.OfShort S16 = ValueLayout.JAVA_SHORT_UNALIGNED;
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED;

    private TensorQuantization() {
    }

    /**
     * @param call the validated call
     * @param vector use the Vector API kernel where one exists (per-token int8); false touches no Vector API class
     */
    public static void quantize(OpCall.Quantize call, boolean vector) {
        QuantSpec spec = call.spec();
        float[] x = call.input().toFloatArray();
        int cols = cols(call.input());
        int rows = cols == 0 ? 0 : x.length / cols;
        boolean dynamic = call.mode() == QuantMode.DYNAMIC;
        if (x.length == 0) {
            // No values: the scales are what an all-zero range calibrates to (there is nothing to write otherwise).
            if (dynamic && call.scales() != null) {
                fillEmptyScales(spec, call.scales(), call.zeroPoints());
            }
            return;
        }
        float[] scales = dynamic || call.scales() == null ? null : call.scales().toFloatArray();
        int[] zeroPoints = dynamic || call.zeroPoints() == null ? null : ints(call.zeroPoints());
        switch (spec.scheme()) {
            case TERNARY_ABSMEAN -> {
                byte[] trits = new byte[x.length];
                if (dynamic) {
                    TernaryWeights q = TernaryQuantizer.quantize(x, rows, cols, spec.granularity(),
                            spec.granularity() == ScaleGranularity.PER_GROUP ? spec.groupSize() : cols);
                    trits = q.trits();
                    scales = q.gammas();
                } else {
                    Checks.finite(x, 0, x.length);
                    for (float g : scales) {
                        if (!(g >= 0) || !Float.isFinite(g)) {
                            throw new QuantizationException("ternary gamma must be finite and not negative, got " + g);
                        }
                    }
                    if (spec.granularity() == ScaleGranularity.PER_TENSOR) {
                        TernaryQuantizer.quantizeWith(x, 0, x.length, scales[0], trits);
                    } else {
                        int group = group(spec, cols, x.length);
                        int per = (cols + group - 1) / group;
                        for (int r = 0; r < rows; r++) {
                            for (int g = 0; g < per; g++) {
                                int from = r * cols + g * group;
                                TernaryQuantizer.quantizeWith(x, from, Math.min(from + group, (r + 1) * cols),
                                        scales[r * per + g], trits);
                            }
                        }
                    }
                }
                TensorPacking.writeTrits(call.values(), trits);
            }
            case INT8_ABSMAX -> {
                byte[] q = new byte[x.length];
                if (dynamic) {
                    scales = new float[rows];
                    if (vector) {
                        ActivationQuantizerVector.quantize(x, rows, cols, q, scales);
                    } else {
                        ActivationQuantizer.quantize(x, rows, cols, q, scales);
                    }
                } else {
                    ActivationQuantizer.quantizeWith(x, rows, cols, scales, q);
                }
                writeBytes(call.values(), q);
            }
            case INT8_SYMMETRIC, INT8_ASYMMETRIC -> {
                boolean symmetric = spec.scheme() == QuantScheme.INT8_SYMMETRIC;
                int group = group(spec, cols, x.length);
                int groups = (x.length + group - 1) / group;
                byte[] q = new byte[x.length];
                float[] outScales = new float[groups];
                int[] outZero = new int[outScales.length];
                for (int k = 0; k < groups; k++) {
                    int from = k * group;
                    float[] part = Arrays.copyOfRange(x, from, Math.min(x.length, from + group));
                    byte[] pq = new byte[part.length];
                    Int8Params p;
                    if (dynamic) {
                        p = Int8Quantizer.quantizeDynamic(part, symmetric, pq);
                    } else {
                        p = new Int8Params(scales[k], symmetric ? 0 : zeroPoints[k], symmetric);
                        Int8Quantizer.quantize(part, p, pq);
                    }
                    System.arraycopy(pq, 0, q, from, pq.length);
                    outScales[k] = p.scale();
                    outZero[k] = p.zeroPoint();
                }
                writeBytes(call.values(), q);
                if (dynamic) {
                    scales = outScales;
                    if (call.zeroPoints() != null) {
                        writeInts(call.zeroPoints(), outZero);
                    }
                }
            }
            case INT4_GROUP -> {
                int per = (cols + spec.groupSize() - 1) / spec.groupSize();
                byte[] codes = new byte[x.length];
                float[] outScales = new float[rows * per];
                for (int r = 0; r < rows; r++) {
                    float[] row = Arrays.copyOfRange(x, r * cols, (r + 1) * cols);
                    Int4Weights w = dynamic ? Int4Quantizer.quantize(row, spec.groupSize())
                            : Int4Quantizer.quantize(row, Arrays.copyOfRange(scales, r * per, (r + 1) * per),
                                    spec.groupSize());
                    for (int c = 0; c < cols; c++) {
                        codes[r * cols + c] = (byte) w.code(c);
                    }
                    System.arraycopy(w.scales(), 0, outScales, r * per, per);
                }
                writeNibbles(call.values(), codes);
                if (dynamic) {
                    scales = outScales;
                }
            }
            case FP16 -> {
                Checks.finite(x, 0, x.length);
                writeShorts(call.values(), HalfPrecision.toFp16(x));
            }
            case BF16 -> {
                Checks.finite(x, 0, x.length);
                writeShorts(call.values(), HalfPrecision.toBf16(x));
            }
        }
        if (dynamic && call.scales() != null) {
            writeFloats(call.scales(), scales);
        }
    }

    /** @param call the validated call */
    public static void dequantize(OpCall.Dequantize call) {
        QuantSpec spec = call.spec();
        Tensor values = call.values();
        int n = Math.toIntExact(values.size());
        int cols = cols(values);
        float[] scales = call.scales() == null ? null : call.scales().toFloatArray();
        float[] out = new float[n];
        MemorySegment seg = values.segment();
        long base = values.offset();
        switch (spec.scheme()) {
            case TERNARY_ABSMEAN -> {
                int group = group(spec, cols, n);
                for (int i = 0; i < n; i++) {
                    out[i] = SubByteCodes.trit(seg, base + i) * scales[scaleIndex(spec, i, cols, group)];
                }
            }
            case INT8_ABSMAX -> {
                for (int i = 0; i < n; i++) {
                    out[i] = seg.get(ValueLayout.JAVA_BYTE, base + i) / scales[i / cols];
                }
            }
            case INT8_SYMMETRIC, INT8_ASYMMETRIC -> {
                int[] zp = call.zeroPoints() == null ? null : ints(call.zeroPoints());
                int group = group(spec, cols, n);
                for (int i = 0; i < n; i++) {
                    int k = group == 0 ? 0 : i / group;
                    out[i] = (seg.get(ValueLayout.JAVA_BYTE, base + i) - (zp == null ? 0 : zp[k])) * scales[k];
                }
            }
            case INT4_GROUP -> {
                int per = (cols + spec.groupSize() - 1) / spec.groupSize();
                for (int i = 0; i < n; i++) {
                    out[i] = SubByteCodes.int4(seg, base + i) * scales[(i / cols) * per + (i % cols) / spec.groupSize()];
                }
            }
            case FP16 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = Float.float16ToFloat(seg.get(S16, (base + i) * 2));
                }
            }
            case BF16 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = Float.intBitsToFloat((seg.get(S16, (base + i) * 2) & 0xffff) << 16);
                }
            }
        }
        writeFloats(call.output(), out);
    }

    private static void fillEmptyScales(QuantSpec spec, Tensor scales, Tensor zeroPoints) {
        float[] v = new float[Math.toIntExact(scales.size())];
        int[] zp = new int[v.length];
        float fill = switch (spec.scheme()) {
            case TERNARY_ABSMEAN -> 0f;
            case INT8_ABSMAX -> 127f / ActivationQuantizer.MIN_ABSMAX;
            case INT8_SYMMETRIC -> Int8Quantizer.calibrateSymmetric(0, 0).scale();
            case INT8_ASYMMETRIC -> Int8Quantizer.calibrateAsymmetric(0, 0).scale();
            case INT4_GROUP -> Int8Quantizer.MIN_RANGE / 7f;
            case FP16, BF16 -> 0f;
        };
        Arrays.fill(v, fill);
        if (spec.scheme() == QuantScheme.INT8_ASYMMETRIC) {
            Arrays.fill(zp, Int8Quantizer.calibrateAsymmetric(0, 0).zeroPoint());
        }
        writeFloats(scales, v);
        if (zeroPoints != null) {
            writeInts(zeroPoints, zp);
        }
    }

    private static int cols(Tensor t) {
        return t.rank() == 0 ? 1 : Math.toIntExact(t.dim(-1));
    }

    /** Elements that share one scale: the tensor, a row, or a group (groups never cross rows). */
    private static int group(QuantSpec spec, int cols, int n) {
        return switch (spec.granularity()) {
            case PER_TENSOR -> n;
            case PER_CHANNEL -> cols;
            case PER_GROUP -> Math.min(spec.groupSize(), cols);
        };
    }

    private static int scaleIndex(QuantSpec spec, int i, int cols, int group) {
        if (spec.granularity() != ScaleGranularity.PER_GROUP) {
            return group == 0 ? 0 : i / group;
        }
        int per = (cols + spec.groupSize() - 1) / spec.groupSize();
        return (i / cols) * per + (i % cols) / spec.groupSize();
    }

    private static int[] ints(Tensor t) {
        int n = Math.toIntExact(t.size());
        int[] out = new int[n];
        MemorySegment s = t.segment();
        for (int i = 0; i < n; i++) {
            out[i] = s.get(I32, (t.offset() + i) * 4);
        }
        return out;
    }

    private static void writeNibbles(Tensor t, byte[] codes) {
        MemorySegment s = t.segment();
        long base = t.offset();
        for (int i = 0; i < codes.length; i++) {
            SubByteCodes.setInt4(s, base + i, codes[i]);
        }
    }

    private static void writeBytes(Tensor t, byte[] v) {
        MemorySegment.copy(v, 0, t.segment(), ValueLayout.JAVA_BYTE, t.offset(), v.length);
    }

    private static void writeShorts(Tensor t, short[] v) {
        MemorySegment.copy(v, 0, t.segment(), S16, t.offset() * 2, v.length);
    }

    private static void writeFloats(Tensor t, float[] v) {
        MemorySegment.copy(v, 0, t.segment(), F32, t.offset() * 4, v.length);
    }

    private static void writeInts(Tensor t, int[] v) {
        MemorySegment.copy(v, 0, t.segment(), I32, t.offset() * 4, v.length);
    }
}
