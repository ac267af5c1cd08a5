package bitnet.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import bitnet.api.quant.QuantMode;
import bitnet.api.quant.QuantScheme;
import bitnet.api.quant.QuantSpec;
import bitnet.api.quant.ScaleGranularity;

/**
 * One case of the quantization golden file that NumPy wrote (bitnet.quant/src/test/python/gen_quant_golden.py,
 * formulas and format documented there), for every module that checks quantization against it. The file lives
 * once, in bitnet.quant's test resources; it is read from the system property {@code bitnet.quant.golden} (a
 * path) if set, else as the class-path resource {@code /golden/quant_golden.txt} (bitnet.quant's own tests),
 * else from {@code ../bitnet.quant/src/test/resources/golden/quant_golden.txt} relative to the working
 * directory, which surefire sets to the testing module's folder. Read once, on first use; immutable after.
 *
 * @param name case name
 * @param spec the spec
 * @param mode DYNAMIC, or STATIC when {@code scales} and {@code zeroPoints} are given inputs
 * @param shape input shape
 * @param x input values, row-major
 * @param values expected codes (integers) or, for FP16/BF16, the widened floats
 * @param scales expected scales in the order of {@code spec.scaleShape(shape)}
 * @param zeroPoints expected zero points (asymmetric int8 only)
 * @param dequantized expected dequantized values
 * @param divisors ternary only: gamma + 1e-5 per scale group
 * @param absmax per-token int8 only: max|x| per row
 */
public record QuantGolden(String name, QuantSpec spec, QuantMode mode, long[] shape, float[] x, float[] values,
        float[] scales, int[] zeroPoints, float[] dequantized, float[] divisors, float[] absmax) {
    private static final String RESOURCE = "/golden/quant_golden.txt";
    private static final String PATH = "../bitnet.quant/src/test/resources/golden/quant_golden.txt";
    private static final List<QuantGolden> ALL = load();

    /** @return every case, in file order */
    public static List<QuantGolden> all() {
        return ALL;
    }

    /**
     * @param name a case name
     * @return that case
     * @throws AssertionError if the file has no such case (a missing golden fails, never skips)
     */
    public static QuantGolden named(String name) {
        for (QuantGolden g : ALL) {
            if (g.name.equals(name)) {
                return g;
            }
        }
        throw new AssertionError("golden case " + name + " is missing from quant_golden.txt; rerun "
                + "bitnet.quant/src/test/python/gen_quant_golden.py");
    }

    /** @return row count of the input ([..., n] is size / n rows; rank 0 is one row) */
    public int rows() {
        int cols = cols();
        return cols == 0 ? 0 : x.length / cols;
    }

    /** @return the last dimension (1 for rank 0) */
    public int cols() {
        return shape.length == 0 ? 1 : Math.toIntExact(shape[shape.length - 1]);
    }

    @Override
    public String toString() {
        return name;
    }

    private static List<QuantGolden> load() {
        List<QuantGolden> out = new ArrayList<>();
        for (String line : text().split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                out.add(parse(line));
            }
        }
        if (out.size() < 100) {
            throw new AssertionError("quant_golden.txt holds " + out.size() + " cases, expected at least 100");
        }
        return List.copyOf(out);
    }

    private static String text() {
        String override = System.getProperty("bitnet.quant.golden");
        try (InputStream in = QuantGolden.class.getResourceAsStream(RESOURCE)) {
            if (override != null) {
                return Files.readString(Path.of(override), StandardCharsets.US_ASCII);
            }
            if (in != null) {
                return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            }
            return Files.readString(Path.of(PATH), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("quant golden file unreadable", e);
        }
    }

    private static QuantGolden parse(String line) {
        Map<String, String> f = new HashMap<>();
        for (String token : line.split(" ")) {
            int eq = token.indexOf('=');
            f.put(token.substring(0, eq), token.substring(eq + 1));
        }
        QuantSpec spec = new QuantSpec(QuantScheme.valueOf(f.get("scheme")),
                ScaleGranularity.valueOf(f.get("granularity")), Integer.parseInt(f.get("group")));
        return new QuantGolden(f.get("name"), spec, QuantMode.valueOf(f.get("mode")), longs(f.get("shape")),
                floats(f.get("x")), floats(f.get("values")), floats(f.get("scales")), ints(f.get("zero_points")),
                floats(f.get("dequantized")), floats(f.getOrDefault("divisors", "")),
                floats(f.getOrDefault("absmax", "")));
    }

    private static String[] items(String s) {
        return s.isEmpty() ? new String[0] : s.split(",");
    }

    private static float[] floats(String s) {
        String[] p = items(s);
        float[] v = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            v[i] = Float.parseFloat(p[i]);
        }
        return v;
    }

    private static int[] ints(String s) {
        String[] p = items(s);
        int[] v = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            v[i] = Integer.parseInt(p[i]);
        }
        return v;
    }

    private static long[] longs(String s) {
        String[] p = items(s);
        long[] v = new long[p.length];
        for (int i = 0; i < p.length; i++) {
            v[i] = Long.parseLong(p[i]);
        }
        return v;
    }
}
