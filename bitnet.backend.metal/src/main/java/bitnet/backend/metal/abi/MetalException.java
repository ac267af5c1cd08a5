package bitnet.backend.metal.abi;

import bitnet.api.BitNetException;

/** A Metal failure that is a defect rather than a missing device: a shader that did not compile, a bad launch. */
public final class MetalException extends BitNetException {
    private static final long serialVersionUID = 1L;

    /** @param message what failed, with the shim's message */
    public MetalException(String message) {
        super(message);
    }
}
