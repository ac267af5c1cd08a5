package bitnet.shell;

import java.util.Locale;

/**
 * Error of a conversion against its input, after undoing the scale ({@code x' = q * scale}, per row of the last
 * axis when there is one scale per row): max absolute, RMSE, and max relative error over non-zero finite inputs.
 *
 * @param maxAbs largest |x - x'|
 * @param rmse root mean square of x - x'
 * @param maxRel largest |x - x'| / |x| over finite, non-zero x
 * @param compared finite elements compared
 */
record ErrorStats(double maxAbs, double rmse, double maxRel, long compared) {

    static ErrorStats of(float[] input, float[] converted, float[] scales, long[] shape) {
        long row = shape.length == 0 ? 1 : Math.max(1, shape[shape.length - 1]);
        double maxAbs = 0;
        double sq = 0;
        double maxRel = 0;
        long n = 0;
        for (int i = 0; i < input.length; i++) {
            double scale = scales.length == 0 ? 1 : scales.length == 1 ? scales[0] : scales[(int) (i / row)];
            double x = input[i];
            double y = converted[i] * scale;
            if (!Double.isFinite(x)) {
                continue;
            }
            double e = Math.abs(x - y);
            maxAbs = Math.max(maxAbs, e);
            sq += e * e;
            if (x != 0) {
                maxRel = Math.max(maxRel, e / Math.abs(x));
            }
            n++;
        }
        return new ErrorStats(maxAbs, n == 0 ? 0 : Math.sqrt(sq / n), maxRel, n);
    }

    String describe() {
        return String.format(Locale.ROOT, "error vs input (%d finite elements): max abs %.4g, rmse %.4g, max rel %.4g",
                compared, maxAbs, rmse, maxRel);
    }
}
