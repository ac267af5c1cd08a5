package bitnet.api.precision;

import bitnet.api.BitNetException;

/** A precision request that cannot be served: an unknown policy or model, a bad shape, bad sample data. */
public class PrecisionException extends BitNetException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong and what to change */
    public PrecisionException(String message) {
        super(message);
    }
}
