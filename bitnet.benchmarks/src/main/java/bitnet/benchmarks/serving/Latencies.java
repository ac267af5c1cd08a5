package bitnet.benchmarks.serving;

import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

/**
 * Percentiles of a set of durations, kept in an HdrHistogram at microsecond resolution (3 significant digits).
 *
 * @param count how many durations
 * @param p50Ms the median, in milliseconds
 * @param p99Ms the 99th percentile, in milliseconds
 * @param maxMs the largest, in milliseconds
 */
record Latencies(long count, double p50Ms, double p99Ms, double maxMs) {
    private static final long MAX_MICROS = TimeUnit.HOURS.toMicros(1);

    /** Collects durations; not thread-safe (fill it after the clients are done). */
    static final class Builder {
        private final Histogram histogram = new Histogram(MAX_MICROS, 3);

        /** @param nanos a duration; negative ones (not measured) are skipped */
        Builder add(long nanos) {
            if (nanos >= 0) {
                histogram.recordValue(Math.min(MAX_MICROS, TimeUnit.NANOSECONDS.toMicros(nanos)));
            }
            return this;
        }

        Latencies build() {
            if (histogram.getTotalCount() == 0) {
                return new Latencies(0, Double.NaN, Double.NaN, Double.NaN);
            }
            return new Latencies(histogram.getTotalCount(), ms(histogram.getValueAtPercentile(50)),
                    ms(histogram.getValueAtPercentile(99)), ms(histogram.getMaxValue()));
        }

        private static double ms(long micros) {
            return micros / 1000.0;
        }
    }

    @Override
    public String toString() {
        return String.format("p50 %s  p99 %s  max %s  (%d)", format(p50Ms), format(p99Ms), format(maxMs), count);
    }

    /** @return milliseconds below a second, seconds above, with three significant digits */
    static String format(double ms) {
        if (Double.isNaN(ms)) {
            return "-";
        }
        return ms < 1000 ? String.format("%.3g ms", ms) : String.format("%.3g s", ms / 1000);
    }
}
