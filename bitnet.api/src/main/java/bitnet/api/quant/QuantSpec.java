package bitnet.api.quant;

import java.util.Arrays;
import java.util.Objects;

import bitnet.api.tensor.DType;

/**
 * What a quantization produces: the scheme, the granularity of its scales and, for {@link ScaleGranularity#PER_GROUP},
 * the group size. A tensor {@code [..., n]} is seen as {@code rows} rows of {@code n} (the last axis; a rank-0 or
 * rank-1 tensor is one row). Scales then have the shape
 * <ul>
 * <li>{@link ScaleGranularity#PER_TENSOR}: rank 0;</li>
 * <li>{@link ScaleGranularity#PER_CHANNEL}: the leading dimensions {@code [...]} (one per row: an output channel of
 * a weight matrix, a token of an activation matrix);</li>
 * <li>{@link ScaleGranularity#PER_GROUP}: {@code [..., ceil(n / groupSize)]}, groups of consecutive elements of a
 * row, the last group possibly shorter.</li>
 * </ul>
 *
 * <p>Allowed combinations and what the scale means (values rounded half to even, see {@code bitnet.quant}):
 * <table>
 * <caption>schemes</caption>
 * <tr><th>scheme</th><th>values</th><th>granularity</th><th>scale</th><th>dequantized</th></tr>
 * <tr><td>{@link QuantScheme#TERNARY_ABSMEAN}</td><td>{@link DType#TERNARY}</td><td>any</td>
 * <td>{@code gamma = mean|w|}</td><td>{@code q * gamma}</td></tr>
 * <tr><td>{@link QuantScheme#INT8_ABSMAX}</td><td>{@link DType#I8}</td><td>per channel (per token)</td>
 * <td>{@code s = 127 / max(max|x|, 1e-5)}</td><td>{@code q / s}</td></tr>
 * <tr><td>{@link QuantScheme#INT8_SYMMETRIC}</td><td>{@link DType#I8}</td><td>per tensor or channel</td>
 * <td>{@code max|x| / 127}</td><td>{@code q * scale}</td></tr>
 * <tr><td>{@link QuantScheme#INT8_ASYMMETRIC}</td><td>{@link DType#I8}</td><td>per tensor or channel</td>
 * <td>{@code (max - min) / 255} and an I32 zero point</td><td>{@code (q - zp) * scale}</td></tr>
 * <tr><td>{@link QuantScheme#INT4_GROUP}</td><td>{@link DType#I4}</td><td>per group</td>
 * <td>{@code max|x| / 7}</td><td>{@code q * scale}</td></tr>
 * <tr><td>{@link QuantScheme#FP16}, {@link QuantScheme#BF16}</td><td>{@link DType#F16}, {@link DType#BF16}</td>
 * <td>per tensor (no scale)</td><td>none</td><td>exact widening</td></tr>
 * </table>
 *
 * @param scheme the quantization scheme
 * @param granularity how many scales
 * @param groupSize elements per group for {@link ScaleGranularity#PER_GROUP}, otherwise 0
 */
public record QuantSpec(QuantScheme scheme, ScaleGranularity granularity, int groupSize) {
    /**
     * @throws NullPointerException if scheme or granularity is null
     * @throws QuantizationException for a combination the table above does not allow, or a group size that is not
     *     positive for per-group scales (or not 0 otherwise)
     */
    public QuantSpec {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(granularity, "granularity");
        boolean allowed = switch (scheme) {
            case TERNARY_ABSMEAN -> true;
            case INT8_ABSMAX -> granularity == ScaleGranularity.PER_CHANNEL;
            case INT8_SYMMETRIC, INT8_ASYMMETRIC -> granularity != ScaleGranularity.PER_GROUP;
            case INT4_GROUP -> granularity == ScaleGranularity.PER_GROUP;
            case FP16, BF16 -> granularity == ScaleGranularity.PER_TENSOR;
        };
        if (!allowed) {
            throw new QuantizationException(scheme + " does not support " + granularity + " scales; see QuantSpec "
                    + "for the allowed combinations (e.g. QuantSpec.int8PerToken(), QuantSpec.int4(32))");
        }
        if (granularity == ScaleGranularity.PER_GROUP ? groupSize <= 0 : groupSize != 0) {
            throw new QuantizationException(granularity == ScaleGranularity.PER_GROUP
                    ? "per-group scales need a positive group size, got " + groupSize
                    : "a group size (" + groupSize + ") is only meaningful with PER_GROUP scales");
        }
    }

    /** @return BitNet b1.58 weights: absmean ternary, one gamma per tensor (the paper's choice) */
    public static QuantSpec ternary() {
        return new QuantSpec(QuantScheme.TERNARY_ABSMEAN, ScaleGranularity.PER_TENSOR, 0);
    }

    /**
     * @param granularity per tensor, per output channel or per group
     * @param groupSize group size for per-group scales, else 0
     * @return absmean ternary weights with the given scales
     */
    public static QuantSpec ternary(ScaleGranularity granularity, int groupSize) {
        return new QuantSpec(QuantScheme.TERNARY_ABSMEAN, granularity, groupSize);
    }

    /** @return BitNet b1.58 activations: int8 absmax per token (per row) */
    public static QuantSpec int8PerToken() {
        return new QuantSpec(QuantScheme.INT8_ABSMAX, ScaleGranularity.PER_CHANNEL, 0);
    }

    /**
     * @param perChannel one scale per row instead of one for the tensor
     * @return symmetric int8
     */
    public static QuantSpec int8Symmetric(boolean perChannel) {
        return new QuantSpec(QuantScheme.INT8_SYMMETRIC,
                perChannel ? ScaleGranularity.PER_CHANNEL : ScaleGranularity.PER_TENSOR, 0);
    }

    /**
     * @param perChannel one scale and zero point per row instead of one for the tensor
     * @return asymmetric int8 with a zero point
     */
    public static QuantSpec int8Asymmetric(boolean perChannel) {
        return new QuantSpec(QuantScheme.INT8_ASYMMETRIC,
                perChannel ? ScaleGranularity.PER_CHANNEL : ScaleGranularity.PER_TENSOR, 0);
    }

    /**
     * @param groupSize elements per group along the last axis
     * @return group-wise symmetric int4
     */
    public static QuantSpec int4(int groupSize) {
        return new QuantSpec(QuantScheme.INT4_GROUP, ScaleGranularity.PER_GROUP, groupSize);
    }

    /** @return IEEE binary16 */
    public static QuantSpec fp16() {
        return new QuantSpec(QuantScheme.FP16, ScaleGranularity.PER_TENSOR, 0);
    }

    /** @return bfloat16 */
    public static QuantSpec bf16() {
        return new QuantSpec(QuantScheme.BF16, ScaleGranularity.PER_TENSOR, 0);
    }

    /** @return the dtype of the quantized values */
    public DType valueType() {
        return switch (scheme) {
            case TERNARY_ABSMEAN -> DType.TERNARY;
            case INT8_ABSMAX, INT8_SYMMETRIC, INT8_ASYMMETRIC -> DType.I8;
            case INT4_GROUP -> DType.I4;
            case FP16 -> DType.F16;
            case BF16 -> DType.BF16;
        };
    }

    /** @return whether the values come with F32 scales */
    public boolean hasScales() {
        return scheme != QuantScheme.FP16 && scheme != QuantScheme.BF16;
    }

    /** @return whether the values come with I32 zero points (asymmetric int8 only) */
    public boolean hasZeroPoints() {
        return scheme == QuantScheme.INT8_ASYMMETRIC;
    }

    /**
     * @param shape the shape of the tensor to quantize
     * @return the shape of its scales (and zero points), as the class comment says
     */
    public long[] scaleShape(long[] shape) {
        long[] lead = shape.length == 0 ? new long[0] : Arrays.copyOf(shape, shape.length - 1);
        return switch (granularity) {
            case PER_TENSOR -> new long[0];
            case PER_CHANNEL -> lead;
            case PER_GROUP -> {
                long n = shape.length == 0 ? 1 : shape[shape.length - 1];
                long[] s = Arrays.copyOf(lead, lead.length + 1);
                s[lead.length] = (n + groupSize - 1) / groupSize;
                yield s;
            }
        };
    }
}
