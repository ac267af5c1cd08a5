package bitnet.linalg;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** One golden file written by src/test/python/gen_golden.py: named blocks of NumPy results. */
record Golden(String name, Map<String, Block> blocks) {
    static final String[] CASES = {"well_8x8", "well_48x48", "spd_64x64", "sym_indefinite_17x17", "ill_20x20",
            "rankdef_30x20", "tall_40x12", "wide_12x40", "one_1x1"};

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
                        v[i] = Double.parseDouble(parts[i]);
                    }
                }
                blocks.put(h[0], new Block(rows, cols, v));
            }
            return new Golden(name, blocks);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Block get(String key) {
        return blocks.get(key);
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
