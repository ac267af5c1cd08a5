package bitnet.api.linalg;

/** An iterative part of a decomposition (QR iteration of SVD or of the symmetric eigensolver) did not converge. */
public class NoConvergenceException extends LinAlgException {
    private static final long serialVersionUID = 1L;

    /** @param message which iteration failed and after how many steps */
    public NoConvergenceException(String message) {
        super(message);
    }
}
