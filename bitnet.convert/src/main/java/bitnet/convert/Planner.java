package bitnet.convert;

import bitnet.api.convert.ConversionException;
import bitnet.api.convert.ConversionOptions;
import bitnet.api.convert.ConversionStrategy;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;
import bitnet.quant.ActivationQuantizer;
import bitnet.quant.Int8Quantizer;
import bitnet.quant.TernaryQuantizer;

/** Checks a request and resolves it into a {@link Plan}, scanning the source first where the strategy needs it. */
final class Planner {
    private static final float[] NONE = {};
    private static final float BF16_MAX = Float.intBitsToFloat(0x7F7F0000);

    private Planner() {
    }

    static boolean supports(DType source, DType target, ConversionStrategy strategy) {
        return strategy != ConversionStrategy.QUANTIZATION_AWARE || target == DType.I8 || target == DType.TERNARY;
    }

    /** The DIRECT plan, which needs no scan. */
    static Plan direct(DType source, DType target) {
        return new Plan(ConversionStrategy.DIRECT, source, target, Plan.Op.NONE, NONE, 1, NONE, min(target),
                max(target), 0);
    }

    static Plan plan(Tensor source, DType target, ConversionOptions options) {
        DType from = source.dtype();
        ConversionStrategy strategy = options.strategy();
        if (!supports(from, target, strategy)) {
            throw new ConversionException(from, target, strategy, "quantization-aware conversion targets only I8 "
                    + "(per-token absmax) and TERNARY (absmean); use SCALED or DIRECT for " + target);
        }
        long seed = options.seed();
        return switch (strategy) {
            case DIRECT -> direct(from, target);
            case STOCHASTIC -> {
                if (!target.isFloating()) {
                    requireFinite(Scan.of(source, 1, false), from, target, strategy);
                }
                yield new Plan(strategy, from, target, Plan.Op.NONE, NONE, 1, NONE, min(target),
                        max(target), seed);
            }
            case SCALED -> scaled(source, target, seed);
            case QUANTIZATION_AWARE -> quantizationAware(source, target, seed);
        };
    }

    private static Plan scaled(Tensor source, DType target, long seed) {
        Scan scan = Scan.of(source, 1, false);
        ConversionStrategy strategy = ConversionStrategy.SCALED;
        requireFinite(scan, source.dtype(), target, strategy);
        double absMax = scan.absMax();
        if (target == DType.I8) {
            float s = Int8Quantizer.calibrateSymmetric((float) -absMax, (float) absMax).scale();
            return new Plan(strategy, source.dtype(), target, Plan.Op.DIV_FLOAT, new float[] {s}, 1,
                    new float[] {s}, -127, 127, seed);
        }
        double limit = switch (target) {
            case I32 -> Integer.MAX_VALUE;
            case TERNARY -> 1;
            case I4 -> 7;
            case F16 -> 65504;
            case BF16 -> BF16_MAX;
            case F32 -> Float.MAX_VALUE;
            case F64, I8 -> Double.POSITIVE_INFINITY;
        };
        double s = target.isFloating() ? Math.max(1, absMax / limit) : absMax == 0 ? 1 : absMax / limit;
        float f = (float) s;
        Plan.Op op = s == 1 ? Plan.Op.NONE : Plan.Op.DIV_DOUBLE;
        return new Plan(strategy, source.dtype(), target, op, new float[] {f}, 1, new float[] {f},
                (long) -limit, (long) limit, seed);
    }

    private static Plan quantizationAware(Tensor source, DType target, long seed) {
        ConversionStrategy strategy = ConversionStrategy.QUANTIZATION_AWARE;
        if (target == DType.TERNARY) {
            Scan scan = Scan.of(source, 1, false);
            requireFinite(scan, source.dtype(), target, strategy);
            long n = source.size();
            float gamma = n == 0 ? 0f : (float) (scan.absSum() / n);
            return new Plan(strategy, source.dtype(), target, Plan.Op.DIV_FLOAT,
                    new float[] {gamma + TernaryQuantizer.EPS}, 1, new float[] {gamma}, -1, 1, seed);
        }
        long rowLength = source.rank() == 0 ? 1 : source.dim(-1);
        Scan scan = Scan.of(source, rowLength, true);
        requireFinite(scan, source.dtype(), target, strategy);
        float[] rowMax = scan.rowMax();
        float[] factors = new float[rowMax.length];
        float[] scales = new float[rowMax.length];
        for (int r = 0; r < rowMax.length; r++) {
            factors[r] = 127f / Math.max(rowMax[r], ActivationQuantizer.MIN_ABSMAX);
            scales[r] = 1f / factors[r];
        }
        return new Plan(strategy, source.dtype(), target, Plan.Op.MUL_FLOAT, factors, Math.max(1, rowLength), scales,
                -128, 127, seed);
    }

    private static void requireFinite(Scan scan, DType from, DType target, ConversionStrategy strategy) {
        if (!scan.finite()) {
            throw new ConversionException(from, target, strategy, "element " + scan.firstNonFinite()
                    + " is NaN or infinite, which this strategy cannot map; clean the input or use DIRECT "
                    + "(NaN -> 0, infinities saturate)");
        }
    }

    private static long min(DType target) {
        return switch (target) {
            case I8 -> -128;
            case I32 -> Integer.MIN_VALUE;
            case TERNARY -> -1;
            case I4 -> -8;
            default -> 0;
        };
    }

    private static long max(DType target) {
        return switch (target) {
            case I8 -> 127;
            case I32 -> Integer.MAX_VALUE;
            case TERNARY -> 1;
            case I4 -> 7;
            default -> 0;
        };
    }
}
