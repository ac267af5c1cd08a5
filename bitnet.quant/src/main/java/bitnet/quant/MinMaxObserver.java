package bitnet.quant;

/**
 * Calibration for static int8 quantization: tracks the smallest and largest finite value over any number of
 * calibration batches. Not thread-safe; use one observer per calibration run.
 */
public final class MinMaxObserver {
    private float min = Float.POSITIVE_INFINITY;
    private float max = Float.NEGATIVE_INFINITY;

    /**
     * @param batch values to take into account
     * @throws bitnet.api.quant.QuantizationException if a value is not finite
     */
    public void observe(float[] batch) {
        Checks.finite(batch, 0, batch.length);
        for (float v : batch) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
    }

    /** @return symmetric parameters for the values seen (a minimal range if none were seen) */
    public Int8Params symmetric() {
        return seen() ? Int8Quantizer.calibrateSymmetric(min, max) : Int8Quantizer.calibrateSymmetric(0, 0);
    }

    /** @return asymmetric parameters for the values seen (a minimal range if none were seen) */
    public Int8Params asymmetric() {
        return seen() ? Int8Quantizer.calibrateAsymmetric(min, max) : Int8Quantizer.calibrateAsymmetric(0, 0);
    }

    private boolean seen() {
        return min <= max;
    }
}
