package bitnet.api.linalg;

/** An einsum subscript string that is malformed or uses a feature this implementation does not offer. */
public class UnsupportedEinsumException extends LinAlgException {
    private static final long serialVersionUID = 1L;

    /**
     * @param subscripts the subscript string as given
     * @param reason what is wrong with it and how to write it instead
     */
    public UnsupportedEinsumException(String subscripts, String reason) {
        super("einsum subscripts '" + subscripts + "': " + reason);
    }
}
