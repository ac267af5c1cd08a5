package bitnet.api.inference;

import bitnet.api.BitNetException;

/** A model cannot run what was asked: options it cannot honour, a session used after close, a bad token id. */
public class InferenceException extends BitNetException {
    private static final long serialVersionUID = 1L;

    /** @param message what was asked, why it cannot be done, and what to do instead */
    public InferenceException(String message) {
        super(message);
    }
}
