package bitnet.core.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import bitnet.api.ops.TensorOps;
import bitnet.api.quant.PackingStrategy;
import bitnet.api.quant.QuantScheme;
import bitnet.api.quant.QuantSpec;
import bitnet.api.quant.QuantizationException;
import bitnet.api.quant.QuantizedTensor;
import bitnet.api.quant.ScaleGranularity;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;

/**
 * The named quantization operations of {@link NamedOps} ({@code quantize}, {@code dequantize}, {@code pack_ternary}):
 * text parameters to {@link QuantSpec}s, and the file-friendly forms of sub-byte values: a .npy file has no
 * TERNARY or I4 dtype, so those values travel as int8 and are checked when they come back.
 */
final class QuantizedOps {
    private QuantizedOps() {
    }

    /** {@code quantize X [SCALES [ZERO_POINTS]]}: dynamic with one input, static with the calibrated parameters. */
    static List<Tensor> quantize(TensorOps ops, List<Tensor> in, NamedOps.Params p) {
        QuantSpec spec = spec(p);
        QuantizedTensor q = in.size() == 1 ? ops.quantize(in.get(0), spec)
                : ops.quantize(in.get(0), spec, in.get(1), in.size() > 2 ? in.get(2) : null);
        List<Tensor> out = new ArrayList<>(3);
        out.add(q.values());
        if (q.scales() != null) {
            out.add(q.scales());
        }
        if (q.zeroPoints() != null) {
            out.add(q.zeroPoints());
        }
        return out;
    }

    /** {@code dequantize VALUES [SCALES [ZERO_POINTS]]}; int8 values stand for TERNARY or I4 ones. */
    static List<Tensor> dequantize(TensorOps ops, List<Tensor> in, NamedOps.Params p) {
        QuantSpec spec = spec(p);
        try (Tensor values = valuesAs(in.get(0), spec.valueType(), spec.scheme().name().toLowerCase(Locale.ROOT)
                + " values")) {
            QuantizedTensor q = new QuantizedTensor(spec, values, in.size() > 1 ? in.get(1) : null,
                    in.size() > 2 ? in.get(2) : null);
            return List.of(ops.dequantize(q));
        }
    }

    /** {@code pack_ternary X [strategy=auto|bit_packed_2bit|...]}. */
    static List<Tensor> pack(TensorOps ops, List<Tensor> in, NamedOps.Params p) {
        String name = p.text("strategy", "auto").trim().toUpperCase(Locale.ROOT);
        PackingStrategy strategy;
        try {
            strategy = name.equals("AUTO") ? null : PackingStrategy.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("pack_ternary: unknown strategy '" + p.text("strategy", "") + "'; known: "
                    + "auto, " + java.util.Arrays.stream(PackingStrategy.values())
                            .map(s -> s.name().toLowerCase(Locale.ROOT)).toList());
        }
        try (Tensor t = valuesAs(in.get(0), DType.TERNARY, "pack_ternary input")) {
            return List.of(ops.packTernary(t, strategy));
        }
    }

    /**
     * @param t a tensor of {@code target} values, or int8/int32/float values that are exactly such values
     * @param target TERNARY, I4 or any other dtype (returned as a new reference)
     * @param what names the operand in messages
     * @return a new reference the caller closes
     * @throws QuantizationException naming the first value out of the target's range, or a fraction
     */
    static Tensor valuesAs(Tensor t, DType target, String what) {
        if (t.dtype() == target) {
            return t.contiguous();
        }
        if (target != DType.TERNARY && target != DType.I4) {
            return t.to(target);
        }
        int lo = target == DType.TERNARY ? -1 : -8;
        int hi = target == DType.TERNARY ? 1 : 7;
        float[] v = t.toFloatArray();
        for (int i = 0; i < v.length; i++) {
            if (!(v[i] >= lo && v[i] <= hi) || v[i] != Math.rint(v[i])) {
                throw new QuantizationException(what + ": element " + i + " is " + v[i] + ", not a " + target
                        + " value (an integer in [" + lo + ", " + hi + "])");
            }
        }
        return t.to(target);
    }

    private static QuantSpec spec(NamedOps.Params p) {
        String scheme = p.text("scheme", null);
        if (scheme == null) {
            throw new IllegalArgumentException(p.op() + " needs scheme=ternary|int8_token|int8_sym|int8_asym|int4|fp16|bf16");
        }
        QuantScheme s = switch (scheme.trim().toLowerCase(Locale.ROOT)) {
            case "ternary", "ternary_absmean" -> QuantScheme.TERNARY_ABSMEAN;
            case "int8_token", "int8_absmax" -> QuantScheme.INT8_ABSMAX;
            case "int8_sym", "int8_symmetric" -> QuantScheme.INT8_SYMMETRIC;
            case "int8_asym", "int8_asymmetric" -> QuantScheme.INT8_ASYMMETRIC;
            case "int4", "int4_group" -> QuantScheme.INT4_GROUP;
            case "fp16", "float16" -> QuantScheme.FP16;
            case "bf16", "bfloat16" -> QuantScheme.BF16;
            default -> throw new IllegalArgumentException(p.op() + ": unknown scheme '" + scheme
                    + "'; known: ternary, int8_token, int8_sym, int8_asym, int4, fp16, bf16");
        };
        ScaleGranularity dflt = switch (s) {
            case INT8_ABSMAX -> ScaleGranularity.PER_CHANNEL;
            case INT4_GROUP -> ScaleGranularity.PER_GROUP;
            default -> ScaleGranularity.PER_TENSOR;
        };
        String g = p.text("granularity", null);
        ScaleGranularity granularity = g == null ? dflt : switch (g.trim().toLowerCase(Locale.ROOT)) {
            case "tensor", "per_tensor" -> ScaleGranularity.PER_TENSOR;
            case "channel", "per_channel", "token", "row" -> ScaleGranularity.PER_CHANNEL;
            case "group", "per_group" -> ScaleGranularity.PER_GROUP;
            default -> throw new IllegalArgumentException(p.op() + ": granularity must be tensor, channel or group, not "
                    + g);
        };
        int group = granularity == ScaleGranularity.PER_GROUP ? p.integer("group", 32) : 0;
        return new QuantSpec(s, granularity, group);
    }
}
