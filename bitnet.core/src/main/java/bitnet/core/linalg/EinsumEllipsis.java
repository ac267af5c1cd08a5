package bitnet.core.linalg;

import java.util.Arrays;

import bitnet.api.linalg.UnsupportedEinsumException;
import bitnet.api.tensor.ShapeMismatchException;
import bitnet.core.tensor.Shapes;

/**
 * Rewrites einsum subscripts with {@code ...} into explicit ones, as NumPy reads them: each operand's ellipsis
 * stands for its axes not named by letters; these axes align from the right across operands and broadcast (size 1
 * stretches), and unused letters name them. Without {@code ->} the output is the ellipsis axes, then the labels used
 * once in alphabetical order.
 *
 * @param subscripts explicit subscripts for {@code bitnet.linalg.Einsum}
 * @param shapes the shape each operand must be broadcast to
 */
record EinsumEllipsis(String subscripts, long[][] shapes) {
    private static final String ELLIPSIS = "...";

    /**
     * @param subscripts NumPy subscripts, with or without {@code ...}
     * @param shapes the operands' shapes
     * @return explicit subscripts and broadcast operand shapes (the input unchanged when there is no {@code ...})
     * @throws UnsupportedEinsumException for a misplaced or repeated {@code ...}, or an output without {@code ...}
     *     while the ellipsis covers axes
     * @throws ShapeMismatchException if the ellipsis axes do not broadcast
     */
    static EinsumEllipsis expand(String subscripts, long[][] shapes) {
        String s = subscripts.replace(" ", "");
        if (!s.contains(".")) {
            return new EinsumEllipsis(subscripts, shapes);
        }
        int arrow = s.indexOf("->");
        String[] terms = (arrow < 0 ? s : s.substring(0, arrow)).split(",", -1);
        if (terms.length != shapes.length) {
            throw new UnsupportedEinsumException(subscripts, "names " + terms.length + " operand(s) but "
                    + shapes.length + " were given");
        }
        int[] ellipsisRank = new int[terms.length];
        long[] broadcast = new long[0];
        for (int i = 0; i < terms.length; i++) {
            requireWellFormed(subscripts, terms[i]);
            int named = terms[i].contains(ELLIPSIS) ? terms[i].length() - 3 : terms[i].length();
            ellipsisRank[i] = terms[i].contains(ELLIPSIS) ? shapes[i].length - named : 0;
            if (ellipsisRank[i] < 0) {
                throw new UnsupportedEinsumException(subscripts, "operand " + i + " has rank " + shapes[i].length
                        + " but its subscripts '" + terms[i] + "' name " + named + " axes");
            }
            int at = terms[i].indexOf(ELLIPSIS);
            long[] dims = at < 0 ? new long[0] : Arrays.copyOfRange(shapes[i], at, at + ellipsisRank[i]);
            try {
                broadcast = Shapes.broadcast(broadcast, dims);
            } catch (ShapeMismatchException e) {
                throw new ShapeMismatchException("einsum '" + subscripts + "': the axes under '...' of the operands "
                        + "do not broadcast (" + Arrays.toString(broadcast) + " and " + Arrays.toString(dims) + ")");
            }
        }
        String labels = freeLabels(subscripts, s, broadcast.length);
        StringBuilder lhs = new StringBuilder();
        long[][] out = new long[shapes.length][];
        for (int i = 0; i < terms.length; i++) {
            int at = terms[i].indexOf(ELLIPSIS);
            out[i] = shapes[i].clone();
            if (at >= 0) {
                int e = ellipsisRank[i];
                System.arraycopy(broadcast, broadcast.length - e, out[i], at, e);
                terms[i] = terms[i].replace(ELLIPSIS, labels.substring(labels.length() - e));
            }
            lhs.append(i == 0 ? "" : ",").append(terms[i]);
        }
        return new EinsumEllipsis(lhs + "->" + output(subscripts, s, arrow, labels), out);
    }

    private static void requireWellFormed(String subscripts, String term) {
        int at = term.indexOf(ELLIPSIS);
        String rest = at < 0 ? term : term.substring(0, at) + term.substring(at + 3);
        if (rest.contains(".")) {
            throw new UnsupportedEinsumException(subscripts, "'" + term + "' has a '.' that is not part of one '...';"
                    + " each term may hold one ellipsis");
        }
    }

    private static String freeLabels(String subscripts, String s, int count) {
        StringBuilder free = new StringBuilder();
        for (char c = 'A'; c <= 'z' && free.length() < count; c++) {
            if (Character.isLetter(c) && s.indexOf(c) < 0) {
                free.append(c);
            }
        }
        if (free.length() < count) {
            throw new UnsupportedEinsumException(subscripts, "'...' covers " + count + " axes, more than the unused"
                    + " letters left to name them");
        }
        return free.toString();
    }

    private static String output(String subscripts, String s, int arrow, String labels) {
        if (arrow >= 0) {
            String rhs = s.substring(arrow + 2);
            if (rhs.contains(ELLIPSIS)) {
                requireWellFormed(subscripts, rhs);
                return rhs.replace(ELLIPSIS, labels);
            }
            if (!labels.isEmpty()) {
                throw new UnsupportedEinsumException(subscripts, "'...' covers " + labels.length() + " axes but the"
                        + " output has no '...'; write '->..." + rhs + "' or name the axes");
            }
            return rhs;
        }
        int[] counts = new int[128];
        for (char c : s.replace(ELLIPSIS, "").toCharArray()) {
            if (c < 128) {
                counts[c]++;
            }
        }
        StringBuilder out = new StringBuilder(labels);
        for (char c = 'A'; c <= 'z'; c++) {
            if (Character.isLetter(c) && counts[c] == 1) {
                out.append(c);
            }
        }
        return out.toString();
    }
}
