package bitnet.api.quant;

/** Where the scales of a quantizer come from. */
public enum QuantMode {
    /** Scales calibrated beforehand (for example from min/max over calibration batches) and reused every call. */
    STATIC,
    /** Scales computed from the data on every call. */
    DYNAMIC
}
