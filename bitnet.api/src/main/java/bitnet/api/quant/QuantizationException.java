package bitnet.api.quant;

import bitnet.api.InvalidInputException;

/**
 * Input that a quantizer, codec or ternary kernel cannot accept: a non-finite value, a length that does not fit
 * the shape, a corrupt packed stream, a scale that is not positive. The message names the value and what to fix.
 */
public class QuantizationException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong and what the caller can do about it */
    public QuantizationException(String message) {
        super(message);
    }
}
