package bitnet.precision;

import bitnet.api.precision.ErrorStats;

/** The error statistics of {@link ErrorStats}, summed in double. */
final class ErrorMeasure {
    private ErrorMeasure() {
    }

    /**
     * @param x original values
     * @param y the values after a round trip, same length
     * @param source what {@code x} is, for the report
     * @return RMSE, relative RMSE and max relative error of {@code y} against {@code x}
     */
    static ErrorStats of(float[] x, float[] y, String source) {
        if (x.length == 0) {
            return new ErrorStats(0, 0, 0, 0, source);
        }
        double sq = 0;
        double ref = 0;
        double maxRel = 0;
        for (int i = 0; i < x.length; i++) {
            double d = (double) x[i] - y[i];
            sq += d * d;
            ref += (double) x[i] * x[i];
            if (x[i] != 0) {
                maxRel = Math.max(maxRel, Math.abs(d) / Math.abs(x[i]));
            }
        }
        double rmse = Math.sqrt(sq / x.length);
        double rms = Math.sqrt(ref / x.length);
        return new ErrorStats(x.length, rmse, rms == 0 ? 0 : rmse / rms, maxRel, source);
    }
}
