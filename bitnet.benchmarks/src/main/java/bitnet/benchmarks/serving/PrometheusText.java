package bitnet.benchmarks.serving;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Samples of a Prometheus text exposition, by name with labels exactly as written (e.g.
 * {@code bitnet_pool_bytes{kind="in_use"}}).
 */
final class PrometheusText {
    private final Map<String, Double> samples;

    private PrometheusText(Map<String, Double> samples) {
        this.samples = samples;
    }

    /**
     * @param text the exposition ({@code # HELP} and {@code # TYPE} lines are skipped)
     * @return its samples
     * @throws IllegalArgumentException for a sample line without a number
     */
    static PrometheusText parse(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            // Label values may hold spaces: the value follows the closing brace, or the name when there are none.
            int close = l.lastIndexOf('}');
            int space = l.indexOf(' ', close < 0 ? 0 : close);
            if (space < 0) {
                throw new IllegalArgumentException("not a sample: " + line);
            }
            String value = l.substring(space + 1).strip().split("\\s+")[0];
            try {
                samples.put(l.substring(0, space), Double.parseDouble(value));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a sample: " + line, e);
            }
        }
        return new PrometheusText(samples);
    }

    /**
     * @param sample a name with its labels as written
     * @return its value
     * @throws IllegalStateException when the server does not expose it
     */
    double get(String sample) {
        Double v = samples.get(sample);
        if (v == null) {
            throw new IllegalStateException("/metrics has no sample " + sample);
        }
        return v;
    }

    /**
     * @param sample a name with its labels as written
     * @return its value, or 0 when absent (a counter with labels appears only once counted)
     */
    double getOrZero(String sample) {
        return samples.getOrDefault(sample, 0.0);
    }
}
