package bitnet.linalg;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One golden file written by src/test/python/gen_golden.py: named blocks of NumPy results. Which blocks a case has
 * is fixed by the lists below (the generator writes determinants, inverses and solutions for square full-rank
 * matrices, eigenvalues for symmetric ones, a Cholesky factor for positive definite ones); a test asks only for the
 * blocks its case list promises, and a missing block fails ({@link #get}).
 */
record Golden(String name, Map<String, Block> blocks) {
    static final String[] CASES = {"well_8x8", "well_48x48", "spd_64x64", "sym_indefinite_17x17", "ill_20x20",
            "rankdef_30x20", "tall_40x12", "wide_12x40", "one_1x1"};
    /** Square and of full rank: det, slogdet, cond1, inv and solve_x. */
    static final List<String> INVERTIBLE = List.of("well_8x8", "well_48x48", "spd_64x64", "sym_indefinite_17x17",
            "ill_20x20", "one_1x1");
    /** Symmetric: eigvals. */
    static final List<String> SYMMETRIC = List.of("spd_64x64", "sym_indefinite_17x17", "one_1x1");
    /** Symmetric positive definite: chol. */
    static final List<String> POSITIVE_DEFINITE = List.of("spd_64x64");

    record Block(int rows, int cols, double[] values) {
    }

    static Golden load(String name) {
        try (InputStream in = Golden.class.getResourceAsStream("/golden/" + name + ".txt")) {
            if (in == null) {
                throw new IllegalStateException("golden file missing: " + name);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            Map<String, Block> blocks = new LinkedHashMap<>();
            String header;
            while ((header = r.readLine()) != null) {
                String[] h = header.trim().split(" ");
                int rows = Integer.parseInt(h[1]);
                int cols = Integer.parseInt(h[2]);
                String line = r.readLine();
                double[] v = new double[rows * cols];
                if (v.length > 0) {
                    String[] parts = line.trim().split(" ");
                    for (int i = 0; i < v.length; i++) {
                        v[i] = parse(parts[i]);
                    }
                }
                blocks.put(h[0], new Block(rows, cols, v));
            }
            return new Golden(name, blocks);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Python's repr of a float: as Java's, except that the infinities are written inf and -inf. */
    private static double parse(String s) {
        return switch (s) {
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s);
        };
    }

    /**
     * @param names case names
     * @return their golden files, loaded
     */
    static Stream<Golden> loadAll(Collection<String> names) {
        return names.stream().map(Golden::load);
    }

    /**
     * @param key a block name
     * @return the block
     * @throws AssertionError if this case has no such block: a missing golden is a failure, never a skip
     */
    Block get(String key) {
        Block b = blocks.get(key);
        if (b == null) {
            throw new AssertionError("golden " + name + " has no block '" + key + "' (it has " + blocks.keySet()
                    + "); rerun src/test/python/gen_golden.py");
        }
        return b;
    }

    boolean has(String key) {
        return blocks.containsKey(key);
    }

    int rows() {
        return get("a").rows();
    }

    int cols() {
        return get("a").cols();
    }

    double[] a() {
        return get("a").values();
    }

    @Override
    public String toString() {
        return name;
    }
}
