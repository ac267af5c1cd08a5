package bitnet.api.sequence;

import bitnet.api.BitNetException;

/** A batch cannot be built as asked: the message names the sequence and the limit involved. */
public class SequenceException extends BitNetException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong and what to change */
    public SequenceException(String message) {
        super(message);
    }
}
