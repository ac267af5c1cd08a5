package bitnet.backend.mlx.abi;

import bitnet.api.BitNetException;

/** An mlx-c call failed; the message is the one MLX's error handler reported on this thread. */
public final class MlxException extends BitNetException {
    private static final long serialVersionUID = 1L;

    /** @param message the function and MLX's message */
    public MlxException(String message) {
        super(message);
    }
}
