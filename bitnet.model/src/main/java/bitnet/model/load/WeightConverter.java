package bitnet.model.load;

import java.lang.foreign.MemorySegment;

import bitnet.api.model.ModelFormatException;
import bitnet.api.model.TernaryLinear;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;
import bitnet.api.tensor.TensorFactory;
import bitnet.model.ternary.Absmean;
import bitnet.model.ternary.BlockScales;
import bitnet.model.ternary.I2sCodes;
import bitnet.model.ternary.RowBlockCodes;
import bitnet.model.ternary.RowSource;
import bitnet.model.ternary.ScaleRecovery;
import bitnet.model.ternary.Tq1Codes;
import bitnet.model.ternary.Tq2Codes;

/**
 * Turns stored tensors into the platform's: matrices read as stored stay in the mapped file, norms become F32, and
 * projections become TERNARY weights plus F32 scales, each in one pass over the stored bytes. Shapes are checked
 * by the caller; every tensor made is handed to the {@link Assembly} and reported as loaded.
 */
public final class WeightConverter {
    static final String NOT_TERNARY = "not ternary-valued as stored, so quantized at load with absmean "
            + "(scale = max(mean|W|, 1e-5) per tensor)";
    static final String PER_ROW = "ternary with one scale per row (the stored rows have different scales)";
    static final String LATENT = "latent (unquantized) weights, quantized at load with absmean "
            + "(scale = max(mean|W|, 1e-5) per tensor)";

    private final TensorFactory tensors;
    private final Assembly assembly;

    /**
     * @param tensors makes the converted tensors
     * @param assembly owns them
     */
    public WeightConverter(TensorFactory tensors, Assembly assembly) {
        this.tensors = tensors;
        this.assembly = assembly;
    }

    /**
     * @param t an F32, F16 or BF16 matrix (embedding, LM head)
     * @return a zero-copy tensor of the stored dtype and shape
     */
    public Tensor matrix(StoredTensor t) {
        DType dtype = switch (t.type()) {
            case F32 -> DType.F32;
            case F16 -> DType.F16;
            case BF16 -> DType.BF16;
            default -> throw fail(t, "is stored as " + t.type() + "; embeddings and LM heads must be F32, F16 or BF16");
        };
        Tensor wrapped = assembly.ownMapped(t.file().wrap(t.data(), dtype, t.shape(), tensors));
        assembly.loaded(t.name());
        return wrapped;
    }

    /**
     * @param t an F32, F16 or BF16 vector (a norm's weight)
     * @return an F32 copy
     */
    public Tensor norm(StoredTensor t) {
        int n = (int) t.size();
        float[] values = new float[n];
        floats(t, n).read(0, values);
        Tensor out = assembly.ownConverted(tensors.of(values, n));
        assembly.loaded(t.name());
        return out;
    }

    /**
     * Hugging Face's packed U8 weights ({@code [out/4, in]}, see {@link RowBlockCodes}) with their
     * {@code weight_scale}.
     *
     * @param weight U8 {@code [out/4, in]}
     * @param weightScale F32/F16/BF16, one value or {@code out}
     * @param divide true for the {@code bitlinear} class (the stored scale divides), false for
     *     {@code autobitlinear} (it multiplies)
     * @param out output features, a multiple of 4
     * @param in input features
     * @return the projection
     */
    public TernaryLinear packed(StoredTensor weight, StoredTensor weightScale, boolean divide, int out, int in) {
        float[] scales = scaleValues(weightScale, out, divide);
        Tensor w = tensors.zeros(DType.TERNARY, out, in);
        try {
            if (!RowBlockCodes.unpack(weight.data(), out / 4, in, w.segment())) {
                throw fail(weight, "holds the 2-bit code 3, which is not a ternary value (codes are 0 = -1, 1 = 0, "
                        + "2 = +1): the file is corrupt");
            }
            return finish(weight, w, scales);
        } catch (RuntimeException e) {
            w.close();
            throw e;
        }
    }

    /**
     * Latent (unquantized) weights, quantized with {@link Absmean}.
     *
     * @param weight F32/F16/BF16 {@code [out, in]}
     * @param out output features
     * @param in input features
     * @return the projection
     */
    public TernaryLinear latent(StoredTensor weight, int out, int in) {
        Tensor w = tensors.zeros(DType.TERNARY, out, in);
        try {
            float scale = absmean(weight, floats(weight, in), out, in, w.segment());
            assembly.noteTensor(LATENT, weight.name());
            return finish(weight, w, new float[] {scale});
        } catch (RuntimeException e) {
            w.close();
            throw e;
        }
    }

    /**
     * A GGUF projection: I2_S, TQ1_0 or TQ2_0 codes with their scales, or Q8_0/F16/BF16/F32 values that hold
     * {@code T × scale}, from which T and the scale are recovered exactly; values that are not ternary are
     * quantized with absmean and noted.
     *
     * @param weight {@code [out, in]} in PyTorch order
     * @param out output features
     * @param in input features
     * @return the projection
     */
    public TernaryLinear stored(StoredTensor weight, int out, int in) {
        Tensor w = tensors.zeros(DType.TERNARY, out, in);
        try {
            MemorySegment dst = w.segment();
            float[] scales = switch (weight.type()) {
                case I2_S -> i2s(weight, (long) out * in, dst);
                case TQ1_0 -> blocks(weight, Tq1Codes.unpack(weight.data(), out, in, dst), out, in, dst);
                case TQ2_0 -> blocks(weight, Tq2Codes.unpack(weight.data(), out, in, dst), out, in, dst);
                case Q8_0, F16, BF16, F32 -> {
                    RowSource rows = rows(weight, in);
                    float[] perRow = ScaleRecovery.recover(rows, out, in, dst);
                    yield perRow != null ? collapse(weight, perRow) : notTernary(weight, rows, out, in, dst);
                }
                default -> throw fail(weight, "is stored as " + weight.type() + ", which cannot hold a projection");
            };
            return finish(weight, w, scales);
        } catch (RuntimeException e) {
            w.close();
            throw e;
        }
    }

    private float[] i2s(StoredTensor weight, long n, MemorySegment dst) {
        if (n % I2sCodes.CHUNK != 0) {
            throw fail(weight, "I2_S holds whole chunks of " + I2sCodes.CHUNK + " values, but the tensor has " + n);
        }
        if (!I2sCodes.unpack(weight.data(), n, dst)) {
            throw fail(weight, "holds the I2_S code 3, which is not a ternary value: the file is corrupt");
        }
        float scale = I2sCodes.scale(weight.data(), n);
        if (!(scale >= 0) || Float.isInfinite(scale)) {
            throw fail(weight, "has the I2_S scale " + scale + " (expected a finite number >= 0)");
        }
        return new float[] {scale};
    }

    private float[] blocks(StoredTensor weight, BlockScales found, int out, int in, MemorySegment dst) {
        if (!found.codesValid()) {
            throw fail(weight, "holds the " + weight.type() + " code 3, which is not a ternary value: the file is "
                    + "corrupt");
        }
        if (found.rowScales() == null) {
            return notTernary(weight, rows(weight, in), out, in, dst);
        }
        return collapse(weight, found.rowScales());
    }

    private float[] collapse(StoredTensor weight, float[] perRow) {
        float[] scales = BlockScales.collapse(perRow);
        if (scales.length > 1) {
            assembly.noteTensor(PER_ROW, weight.name());
        }
        return scales;
    }

    private float[] notTernary(StoredTensor weight, RowSource rows, int out, int in, MemorySegment dst) {
        dst.fill((byte) 0);
        float scale = absmean(weight, rows, out, in, dst);
        assembly.noteTensor(NOT_TERNARY, weight.name());
        return new float[] {scale};
    }

    private static float absmean(StoredTensor weight, RowSource rows, int out, int in, MemorySegment dst) {
        float scale = Absmean.quantize(rows, out, in, dst);
        if (Float.isNaN(scale)) {
            throw fail(weight, "holds values that are not finite (NaN or infinity)");
        }
        return scale;
    }

    private TernaryLinear finish(StoredTensor weight, Tensor w, float[] scales) {
        Tensor s = tensors.of(scales, scales.length);
        TernaryLinear linear = assembly.ownConverted(new TernaryLinear(w, s));
        assembly.loaded(weight.name());
        return linear;
    }

    private static float[] scaleValues(StoredTensor t, int out, boolean divide) {
        long n = t.size();
        if (n != 1 && n != out) {
            throw fail(t, "has shape " + t.shapeText() + "; a weight_scale holds one value or one per output row ("
                    + out + ")");
        }
        float[] values = new float[(int) n];
        floats(t, (int) n).read(0, values);
        for (int i = 0; i < values.length; i++) {
            float v = values[i];
            if (!Float.isFinite(v) || v < 0 || (divide && v == 0)) {
                throw fail(t, "holds " + v + "; a weight_scale must be finite and "
                        + (divide ? "positive (the bitlinear class divides by it)" : "not negative"));
            }
            values[i] = divide ? 1f / v : v;
        }
        return values;
    }

    private static RowSource floats(StoredTensor t, int cols) {
        return switch (t.type()) {
            case F32, F16, BF16 -> rows(t, cols);
            default -> throw fail(t, "is stored as " + t.type() + "; expected F32, F16 or BF16 values");
        };
    }

    private static RowSource rows(StoredTensor t, int cols) {
        MemorySegment data = t.data();
        return switch (t.type()) {
            case F32 -> RowSource.f32(data, cols);
            case F16 -> RowSource.f16(data, cols);
            case BF16 -> RowSource.bf16(data, cols);
            case Q8_0 -> RowSource.q8_0(data, cols);
            case TQ1_0 -> RowSource.tq1_0(data, cols);
            case TQ2_0 -> RowSource.tq2_0(data, cols);
            default -> throw fail(t, "is stored as " + t.type() + ", which holds no float values");
        };
    }

    static ModelFormatException fail(StoredTensor t, String detail) {
        return new ModelFormatException(t.file().path(), "tensor " + t.name() + " " + detail);
    }
}
