package bitnet.precision;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

import bitnet.api.precision.AccuracyReport;
import bitnet.api.precision.ComponentSpec;
import bitnet.api.precision.ErrorStats;
import bitnet.api.precision.MeasuredEntry;
import bitnet.api.precision.PlanEntry;
import bitnet.api.precision.Precision;
import bitnet.api.precision.PrecisionException;
import bitnet.api.precision.PrecisionPlan;

/**
 * Measures conversion errors. A component with data is measured on its data. One without is measured on a
 * seeded standard-normal sample of its shape: whole rows of its {@code cols}, as many as fit in
 * {@code sampleElements} (at least one, at most its rows). Sample results depend only on (precision, rows, cols),
 * so they are cached.
 */
final class Accuracy {
    private final int int4Group;
    private final int sampleElements;
    private final long seed;
    private final Map<String, ErrorStats> sampleCache = new ConcurrentHashMap<>();

    Accuracy(int int4Group, int sampleElements, long seed) {
        this.int4Group = int4Group;
        this.sampleElements = sampleElements;
        this.seed = seed;
    }

    /**
     * @param spec a component with data
     * @param p the precision
     * @return the error on the data, or NaN when the spec has no data
     */
    double relativeRmseOfData(ComponentSpec spec, Precision p) {
        if (spec.data() == null) {
            return Double.NaN;
        }
        return measure(spec, p).relativeRmse();
    }

    ErrorStats measure(ComponentSpec spec, Precision p) {
        if (spec.data() != null) {
            int cols = (int) spec.cols();
            return ErrorMeasure.of(spec.data(), RoundTrip.convert(p, spec.data(), cols, int4Group), "data");
        }
        if (spec.elements() == 0) {
            return new ErrorStats(0, 0, 0, 0, "empty");
        }
        if (spec.cols() > Integer.MAX_VALUE / 2) {
            throw new PrecisionException(spec.component() + ": rows of " + spec.cols()
                    + " values are too long to sample");
        }
        int cols = (int) spec.cols();
        long rows = Math.max(1, Math.min(spec.rows(), sampleElements / cols));
        String key = p + ":" + rows + "x" + cols;
        return sampleCache.computeIfAbsent(key, k -> {
            float[] x = sample((int) rows * cols);
            return ErrorMeasure.of(x, RoundTrip.convert(p, x, cols, int4Group),
                    "seeded N(0,1) sample " + rows + "x" + cols + " seed " + seed);
        });
    }

    private float[] sample(int n) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    AccuracyReport analyse(PrecisionPlan plan) {
        List<MeasuredEntry> out = new ArrayList<>();
        double weighted = 0;
        double weight = 0;
        double maxRel = 0;
        for (PlanEntry e : plan.entries()) {
            ErrorStats s = measure(e.component(), e.precision());
            out.add(new MeasuredEntry(e, s));
            weighted += s.relativeRmse() * e.component().elements();
            weight += e.component().elements();
            maxRel = Math.max(maxRel, s.maxRelativeError());
        }
        return new AccuracyReport(plan, out, weight == 0 ? 0 : weighted / weight, maxRel);
    }
}
