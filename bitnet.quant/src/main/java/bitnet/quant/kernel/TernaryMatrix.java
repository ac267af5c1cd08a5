package bitnet.quant.kernel;

import bitnet.api.quant.PackedTernary;
import bitnet.api.quant.QuantizationException;
import bitnet.api.quant.ScaleGranularity;
import bitnet.quant.Checks;
import bitnet.quant.TernaryWeights;
import bitnet.quant.pack.Codecs;

/**
 * A ternary {@code [rows, cols]} weight matrix in the kernel layout, with its gammas. Immutable and thread-safe.
 *
 * <p>Layout, for a vector of {@code L} 16-bit lanes: each row is padded to {@code paddedCols = 8L * ceil(cols / 8L)}
 * and cut into blocks of {@code 8L} weights. A block is {@code L} shorts; short {@code j} of block {@code b} holds
 * in bits {@code 2g, 2g + 1} the code {@code w + 1} of the weight in column {@code b * 8L + g * L + j}, for
 * {@code g = 0..7}. One vector load of a block thus feeds eight full vectors of codes, each decoded by one shift and
 * one mask, and the eight activation vectors it meets are contiguous. Padding weights have code 1 (weight 0).
 */
public final class TernaryMatrix {
    /** Weights per short: eight 2-bit codes. */
    static final int CODES_PER_SHORT = 8;

    private final short[] codes;
    private final float[] gammas;
    private final int rows;
    private final int cols;
    private final int lanes;
    private final int blocks;

    private TernaryMatrix(short[] codes, float[] gammas, int rows, int cols, int lanes) {
        this.codes = codes;
        this.gammas = gammas;
        this.rows = rows;
        this.cols = cols;
        this.lanes = lanes;
        this.blocks = (cols + CODES_PER_SHORT * lanes - 1) / (CODES_PER_SHORT * lanes);
    }

    /**
     * Lays out trits for a vector of {@code lanes} shorts.
     *
     * @param trits row-major weights, each -1, 0, +1, length {@code rows * cols}; not changed
     * @param rows output features
     * @param cols input features
     * @param gammas one per tensor or one per row, finite and positive (zero allowed for an all-zero matrix);
     *     copied
     * @param lanes 16-bit lanes of the kernel's vector, a power of two from 1 to 64
     * @return the matrix
     * @throws QuantizationException if shapes, gammas, lanes or a weight are invalid
     */
    public static TernaryMatrix of(byte[] trits, int rows, int cols, float[] gammas, int lanes) {
        Checks.shape("ternary weight matrix", rows, cols, trits.length);
        if (lanes < 1 || lanes > 64 || Integer.bitCount(lanes) != 1) {
            throw new QuantizationException("lanes must be a power of two in [1, 64], got " + lanes);
        }
        if (gammas.length != 1 && gammas.length != rows) {
            throw new QuantizationException("need 1 gamma (per tensor) or " + rows + " (per row), got "
                    + gammas.length + "; per-group gammas cannot be folded into an integer dot product");
        }
        for (float g : gammas) {
            if (!(g >= 0) || !Float.isFinite(g)) {
                throw new QuantizationException("gamma must be finite and not negative, got " + g);
            }
        }
        TernaryMatrix m = new TernaryMatrix(null, gammas.clone(), rows, cols, lanes);
        short[] codes = new short[Math.multiplyExact(Math.multiplyExact(rows, m.blocks), lanes)];
        int blockWeights = CODES_PER_SHORT * lanes;
        // Walk the layout in its own order (block, field, lane) so no index needs a division: this runs once per
        // weight of a model when it is loaded.
        for (int r = 0; r < rows; r++) {
            int rowBase = r * cols;
            for (int b = 0; b < m.blocks; b++) {
                int codeBase = (r * m.blocks + b) * lanes;
                for (int g = 0; g < CODES_PER_SHORT; g++) {
                    int k0 = b * blockWeights + g * lanes;
                    int shift = 2 * g;
                    int end = Math.min(lanes, cols - k0);
                    for (int j = 0; j < end; j++) {
                        int w = trits[rowBase + k0 + j];
                        if (w < -1 || w > 1) {
                            throw new QuantizationException("weight " + w + " at row " + r + ", column " + (k0 + j)
                                    + " is not ternary");
                        }
                        codes[codeBase + j] |= (short) ((w + 1) << shift);
                    }
                    // Padding columns hold weight 0, code 1.
                    for (int j = Math.max(0, end); j < lanes; j++) {
                        codes[codeBase + j] |= (short) (1 << shift);
                    }
                }
            }
        }
        return new TernaryMatrix(codes, m.gammas, rows, cols, lanes);
    }

    /**
     * Lays out quantized weights for {@link TernaryVectorKernel}'s vector width.
     *
     * @param w per-tensor or per-channel ternary weights
     * @return the matrix
     * @throws QuantizationException for per-group weights, whose scales vary along a dot product
     */
    public static TernaryMatrix of(TernaryWeights w) {
        if (w.granularity() == ScaleGranularity.PER_GROUP) {
            throw new QuantizationException("per-group gammas vary inside a row's dot product; quantize the weights"
                    + " per tensor or per channel for the ternary kernels");
        }
        return of(w.trits(), w.rows(), w.cols(), w.gammas(), TernaryVectorKernel.lanes());
    }

    /**
     * Converts weights from any storage strategy into the kernel layout.
     *
     * @param packed weights in any {@link bitnet.api.quant.PackingStrategy}, {@code rows * cols} of them
     * @param rows output features
     * @param cols input features
     * @param gammas one per tensor or one per row
     * @return the matrix, laid out for {@link TernaryVectorKernel}
     * @throws QuantizationException if the data is corrupt or does not match the shape
     */
    public static TernaryMatrix of(PackedTernary packed, int rows, int cols, float[] gammas) {
        return of(Codecs.unpack(packed), rows, cols, gammas, TernaryVectorKernel.lanes());
    }

    /** @return output features (rows) */
    public int rows() {
        return rows;
    }

    /** @return input features (columns) */
    public int cols() {
        return cols;
    }

    /** @return 16-bit lanes this layout was made for */
    public int lanes() {
        return lanes;
    }

    /** @return columns after padding to whole blocks of {@code 8 * lanes} */
    public int paddedCols() {
        return blocks * CODES_PER_SHORT * lanes;
    }

    /** @return blocks per row */
    int blocks() {
        return blocks;
    }

    /** @return the packed codes; the kernels read them, nobody writes them */
    short[] codes() {
        return codes;
    }

    /** @return true when one gamma scales every row */
    public boolean perTensor() {
        return gammas.length == 1;
    }

    /**
     * @param row a row
     * @return the gamma of that row
     */
    public float gamma(int row) {
        return gammas[gammas.length == 1 ? 0 : row];
    }

    /**
     * @param row a row
     * @param col a column
     * @return the weight -1, 0 or +1 there, decoded from the layout
     */
    public int weight(int row, int col) {
        int blockWeights = CODES_PER_SHORT * lanes;
        int b = col / blockWeights;
        int g = (col % blockWeights) / lanes;
        int j = col % lanes;
        return ((codes[(row * blocks + b) * lanes + j] >> (2 * g)) & 3) - 1;
    }

    /** @return a new row-major array of all weights, the inverse of {@link #of(byte[], int, int, float[], int)} */
    public byte[] toTrits() {
        byte[] out = new byte[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[r * cols + c] = (byte) weight(r, c);
            }
        }
        return out;
    }

    /**
     * @return a deep copy with its own code array, for callers that need distinct memory (cold-cache benchmarks)
     */
    public TernaryMatrix copy() {
        return new TernaryMatrix(codes.clone(), gammas, rows, cols, lanes);
    }

    /** @return bytes of packed codes (2 bits per padded weight) */
    public long codeBytes() {
        return 2L * codes.length;
    }
}
