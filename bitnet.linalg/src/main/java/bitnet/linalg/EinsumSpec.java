package bitnet.linalg;

import bitnet.api.linalg.UnsupportedEinsumException;

/**
 * A parsed einsum subscript string: one label string per operand and the output labels, in NumPy's notation
 * ({@code "ij,jk->ik"}; without {@code ->} the output is every label used exactly once, in alphabetical order).
 */
record EinsumSpec(String[] inputs, String output) {
    static EinsumSpec parse(String subscripts, int operands) {
        String s = subscripts.replace(" ", "");
        if (s.contains(".")) {
            throw new UnsupportedEinsumException(subscripts, "ellipsis '...' is not supported; name every dimension,"
                    + " e.g. 'bij,bjk->bik' for a batched matmul");
        }
        int arrow = s.indexOf("->");
        if (arrow != s.lastIndexOf("->")) {
            throw new UnsupportedEinsumException(subscripts, "more than one '->'");
        }
        String lhs = arrow < 0 ? s : s.substring(0, arrow);
        String[] inputs = lhs.split(",", -1);
        if (inputs.length != operands) {
            throw new UnsupportedEinsumException(subscripts, "names " + inputs.length + " operand(s) but "
                    + operands + " were given");
        }
        int[] counts = new int[128];
        for (String in : inputs) {
            for (int i = 0; i < in.length(); i++) {
                char c = in.charAt(i);
                if (!isLabel(c)) {
                    throw new UnsupportedEinsumException(subscripts, "'" + c + "' is not a subscript label;"
                            + " labels are the letters a-z and A-Z");
                }
                counts[c]++;
            }
        }
        String output;
        if (arrow < 0) {
            StringBuilder implicit = new StringBuilder();
            for (char c = 'A'; c <= 'z'; c++) {
                if (isLabel(c) && counts[c] == 1) {
                    implicit.append(c);
                }
            }
            output = implicit.toString();
        } else {
            output = s.substring(arrow + 2);
            for (int i = 0; i < output.length(); i++) {
                char c = output.charAt(i);
                if (!isLabel(c)) {
                    throw new UnsupportedEinsumException(subscripts, "'" + c + "' in the output is not a label");
                }
                if (counts[c] == 0) {
                    throw new UnsupportedEinsumException(subscripts, "output label '" + c
                            + "' appears in no operand");
                }
                if (output.indexOf(c) != i) {
                    throw new UnsupportedEinsumException(subscripts, "output label '" + c + "' is repeated");
                }
            }
        }
        return new EinsumSpec(inputs, output);
    }

    private static boolean isLabel(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
