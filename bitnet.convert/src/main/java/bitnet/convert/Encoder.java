package bitnet.convert;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import bitnet.quant.ElementCodec;
import bitnet.quant.SubByteCodes;

/**
 * Scales and rounds a tile of values and stores it into target memory. Element {@code k} of the tile is logical
 * element {@code first + k} (which picks the row factor and the stochastic draw) and goes to target element
 * {@code at + k}. TERNARY stores keep the codes below {@code at} in a shared byte (a previous chunk's) and
 * overwrite everything above, so a target whose bytes hold other data (in-place) is rewritten completely.
 */
final class Encoder {
    private Encoder() {
    }

    static void encode(Plan p, double[] tile, int n, long first, MemorySegment dst, long at) {
        scale(p, tile, n, first);
        boolean stochastic = p.stochastic();
        long seed = p.seed();
        switch (p.target()) {
            case F32 -> {
                for (int k = 0; k < n; k++) {
                    float v = stochastic ? Rounding.f32Stochastic(tile[k], Draws.uniform(seed, first + k))
                            : (float) tile[k];
                    dst.set(ElementCodec.F32, (at + k) * 4, v);
                }
            }
            case F64 -> {
                for (int k = 0; k < n; k++) {
                    dst.set(ElementCodec.F64, (at + k) * 8, tile[k]);
                }
            }
            case F16 -> {
                for (int k = 0; k < n; k++) {
                    short h = stochastic ? Rounding.f16Stochastic(tile[k], Draws.bits(seed, first + k))
                            : Float.floatToFloat16((float) tile[k]);
                    dst.set(ElementCodec.S16, (at + k) * 2, h);
                }
            }
            case BF16 -> {
                for (int k = 0; k < n; k++) {
                    short h = stochastic ? Rounding.bf16Stochastic(tile[k], Draws.bits(seed, first + k))
                            : Rounding.bf16(tile[k]);
                    dst.set(ElementCodec.S16, (at + k) * 2, h);
                }
            }
            case I8 -> {
                for (int k = 0; k < n; k++) {
                    dst.set(ValueLayout.JAVA_BYTE, at + k, (byte) integer(p, tile[k], first + k));
                }
            }
            case I32 -> {
                for (int k = 0; k < n; k++) {
                    dst.set(ElementCodec.I32, (at + k) * 4, (int) integer(p, tile[k], first + k));
                }
            }
            case TERNARY -> ternary(p, tile, n, first, dst, at);
            case I4 -> {
                // Per element: the other half of a byte may belong to a neighbouring view.
                for (int k = 0; k < n; k++) {
                    SubByteCodes.setInt4(dst, at + k, (int) integer(p, tile[k], first + k));
                }
            }
        }
    }

    private static long integer(Plan p, double v, long element) {
        return p.stochastic() ? Rounding.stochastic(v, Draws.uniform(p.seed(), element), p.min(), p.max())
                : Rounding.nearest(v, p.min(), p.max());
    }

    private static void ternary(Plan p, double[] tile, int n, long first, MemorySegment dst, long at) {
        if (n == 0) {
            return;
        }
        boolean stochastic = p.stochastic();
        long pos = at;
        int acc = (pos & 3) == 0 ? 0 : dst.get(ValueLayout.JAVA_BYTE, pos >>> 2) & ((1 << ((pos & 3) * 2)) - 1);
        for (int k = 0; k < n; k++, pos++) {
            int shift = (int) (pos & 3) * 2;
            double v = tile[k];
            int code;
            if (stochastic) {
                long q = Rounding.stochastic(v, Draws.uniform(p.seed(), first + k), -1, 1);
                code = q > 0 ? 1 : q < 0 ? 2 : 0;
            } else {
                code = SubByteCodes.tritCode(v);
            }
            acc |= code << shift;
            if (shift == 6 || k == n - 1) {
                dst.set(ValueLayout.JAVA_BYTE, pos >>> 2, (byte) acc);
                acc = 0;
            }
        }
    }

    private static void scale(Plan p, double[] tile, int n, long first) {
        if (p.op() == Plan.Op.NONE) {
            return;
        }
        float[] factors = p.factors();
        if (factors.length == 1) {
            float f = factors[0];
            switch (p.op()) {
                case DIV_DOUBLE -> {
                    for (int k = 0; k < n; k++) {
                        tile[k] = tile[k] / f;
                    }
                }
                case DIV_FLOAT -> {
                    for (int k = 0; k < n; k++) {
                        tile[k] = (float) tile[k] / f;
                    }
                }
                case MUL_FLOAT -> {
                    for (int k = 0; k < n; k++) {
                        tile[k] = (float) tile[k] * f;
                    }
                }
                case NONE -> { }
            }
            return;
        }
        // Per-row factors (per-token int8, MUL_FLOAT): walk the rows with a countdown instead of a division
        // per element.
        long rowLength = p.rowLength();
        int row = (int) (first / rowLength);
        long left = rowLength - first % rowLength;
        float f = factors[row];
        for (int k = 0; k < n; k++) {
            if (left == 0) {
                f = factors[++row];
                left = rowLength;
            }
            tile[k] = (float) tile[k] * f;
            left--;
        }
    }
}
