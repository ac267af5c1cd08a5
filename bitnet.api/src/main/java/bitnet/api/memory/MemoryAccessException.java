package bitnet.api.memory;

import bitnet.api.BitNetException;

/** Memory used against the rules: double free, use after free, or a block freed into a pool it does not belong to. */
public class MemoryAccessException extends BitNetException {
    private static final long serialVersionUID = 1L;

    /** @param message what happened, with sizes and the pool's name */
    public MemoryAccessException(String message) {
        super(message);
    }
}
