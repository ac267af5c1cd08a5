package bitnet.api.backend;

import bitnet.api.BitNetException;

/**
 * A backend refused or abandoned a call because it is stopping, stopped, or lost its device. The dispatcher
 * treats it as "try the next backend"; it reaches a caller only through
 * {@link bitnet.api.dispatch.NoBackendAvailableException}.
 */
public class BackendUnavailableException extends BitNetException {
    private static final long serialVersionUID = 1L;

    /** @param message which backend and why */
    public BackendUnavailableException(String message) {
        super(message);
    }
}
