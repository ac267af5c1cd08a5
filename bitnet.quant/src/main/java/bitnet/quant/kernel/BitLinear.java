package bitnet.quant.kernel;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.ForkJoinPool;

import bitnet.api.quant.QuantizationException;
import bitnet.api.quant.ScaleGranularity;
import bitnet.quant.ActivationQuantizer;
import bitnet.quant.ActivationQuantizerVector;
import bitnet.quant.Checks;
import bitnet.quant.TernaryQuantizer;

/**
 * The BitNet b1.58 linear layer, weights quantized once at construction, activations per call:
 * <pre>
 *   x_q, s = ActivationQuantizer(x)                         per token, int8, s = 127 / max|x| (vectorized)
 *   y[t, r] = (sum_k W_q[r, k] * x_q[t, k]) * gamma_r / s_t  (+ bias[r])
 * </pre>
 * The integer sum is exact ({@link TernaryMatMul}); the only float rounding is in the final scaling. Immutable and
 * thread-safe; each call allocates its quantized-activation and accumulator scratch.
 */
public final class BitLinear {
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private final TernaryMatrix weights;
    private final float[] bias;

    /**
     * @param weights quantized weights, laid out for the kernel that will run
     * @param bias one value per output row, or null for none; copied
     * @throws QuantizationException if the bias length does not match the rows
     */
    public BitLinear(TernaryMatrix weights, float[] bias) {
        if (bias != null && bias.length != weights.rows()) {
            throw new QuantizationException("bias has " + bias.length + " values but the layer has "
                    + weights.rows() + " outputs");
        }
        this.weights = weights;
        this.bias = bias == null ? null : bias.clone();
    }

    /**
     * Quantizes float weights (absmean, per tensor or per output channel) and builds the layer.
     *
     * @param w row-major {@code [outFeatures, inFeatures]} weights
     * @param outFeatures rows
     * @param inFeatures columns
     * @param granularity {@code PER_TENSOR} or {@code PER_CHANNEL}
     * @param bias one per output, or null
     * @return the layer
     * @throws QuantizationException for {@code PER_GROUP} or invalid shapes
     */
    public static BitLinear quantize(float[] w, int outFeatures, int inFeatures, ScaleGranularity granularity,
            float[] bias) {
        return new BitLinear(TernaryMatrix.of(TernaryQuantizer.quantize(w, outFeatures, inFeatures, granularity,
                inFeatures)), bias);
    }

    /** @return the weight matrix */
    public TernaryMatrix weights() {
        return weights;
    }

    /**
     * Forward pass on the vector kernel.
     *
     * @param x row-major {@code [tokens, inFeatures]} activations; not changed
     * @param tokens rows of {@code x}
     * @param y receives {@code [tokens, outFeatures]}
     * @param pool runs row ranges after the first; may be null when {@code threads == 1}
     * @param threads row ranges computed in parallel
     * @throws QuantizationException if shapes do not fit or {@code x} holds a non-finite value
     */
    public void forward(float[] x, int tokens, float[] y, ForkJoinPool pool, int threads) {
        forward(TernaryMatMul.Kernel.VECTOR, x, tokens, y, pool, threads);
    }

    /**
     * Forward pass on a chosen kernel ({@code SCALAR} needs no particular layout).
     *
     * @param kernel which kernel computes the integer product
     * @param x row-major {@code [tokens, inFeatures]} activations; not changed
     * @param tokens rows of {@code x}
     * @param y receives {@code [tokens, outFeatures]}
     * @param pool runs row ranges after the first; may be null when {@code threads == 1}
     * @param threads row ranges computed in parallel
     * @throws QuantizationException if shapes do not fit or {@code x} holds a non-finite value
     */
    public void forward(TernaryMatMul.Kernel kernel, float[] x, int tokens, float[] y, ForkJoinPool pool,
            int threads) {
        Checks.shape("BitLinear input", tokens, weights.cols(), x.length);
        Checks.room("BitLinear output", (long) tokens * weights.rows(), y.length);
        forward(kernel, MemorySegment.ofArray(x), 0, tokens, MemorySegment.ofArray(y), 0, pool, threads);
    }

    /**
     * Forward pass reading the activations and writing the result where they are (pool memory on the decode path:
     * nothing is copied to the heap and back).
     *
     * @param kernel which kernel computes the integer product
     * @param x holds row-major {@code [tokens, inFeatures]} floats in native order from byte {@code xByte}
     * @param tokens rows of {@code x}
     * @param y receives {@code [tokens, outFeatures]} floats from byte {@code yByte}
     * @param pool runs row ranges after the first; may be null when {@code threads == 1}
     * @param threads row ranges computed in parallel
     * @throws QuantizationException if {@code x} holds a non-finite value
     * @throws IndexOutOfBoundsException if a segment is shorter than its rows
     */
    public void forward(TernaryMatMul.Kernel kernel, MemorySegment x, long xByte, int tokens, MemorySegment y,
            long yByte, ForkJoinPool pool, int threads) {
        int in = weights.cols();
        int out = weights.rows();
        byte[] xq = new byte[tokens * in];
        float[] scales = new float[tokens];
        if (kernel == TernaryMatMul.Kernel.SCALAR) {
            // Bit-identical to the vector quantizer, and free of Vector API classes for JVMs without them.
            ActivationQuantizer.quantize(x, xByte, tokens, in, xq, scales);
        } else {
            ActivationQuantizerVector.quantize(x, xByte, tokens, in, xq, scales);
        }
        int[] acc = new int[tokens * out];
        TernaryMatMul.multiply(kernel, weights, Int8Activations.of(xq, tokens, weights), acc, pool, threads);
        for (int t = 0; t < tokens; t++) {
            float invS = 1f / scales[t];
            long rowByte = yByte + (long) t * out * Float.BYTES;
            for (int r = 0; r < out; r++) {
                float v = acc[t * out + r] * weights.gamma(r) * invS;
                y.set(FLOAT, rowByte + (long) r * Float.BYTES, bias == null ? v : v + bias[r]);
            }
        }
    }
}
