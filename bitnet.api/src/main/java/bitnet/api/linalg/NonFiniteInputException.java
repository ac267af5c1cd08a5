package bitnet.api.linalg;

/** An input matrix holds NaN or an infinity; decompositions of such matrices have no meaningful result. */
public class NonFiniteInputException extends LinAlgException {
    private static final long serialVersionUID = 1L;

    /**
     * @param argument the name of the offending argument, as the operation calls it
     * @param row row of the first non-finite element
     * @param column column of the first non-finite element
     * @param value the value found (NaN or an infinity)
     */
    public NonFiniteInputException(String argument, long row, long column, double value) {
        super("argument '" + argument + "' holds " + value + " at (" + row + ", " + column
                + "); linear algebra operations need finite input: clean or mask the data first");
    }
}
