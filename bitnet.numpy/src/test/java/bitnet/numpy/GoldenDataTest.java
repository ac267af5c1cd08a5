package bitnet.numpy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;

/**
 * The committed golden data is readable through {@link bitnet.api.io.TensorIO} and agrees with its manifest:
 * every case has its file, every file its case, arrays named as the manifest says, dtypes as the contract says.
 */
class GoldenDataTest {
    // gen_golden.py writes one case per line; these fields come before "params", "outputs" after it.
    private static final Pattern CASE = Pattern.compile(
            "\\{\"case\": \"([a-z0-9_]+)\", \"op\": \"([a-z_0-9]+)\", \"inputs\": \\[([^\\]]*)\\]");
    private static final Pattern OUTPUTS = Pattern.compile("\"outputs\": \\[([^\\]]*)\\]");
    private static final Pattern DTYPE = Pattern.compile("\"dtype\": \"([a-z0-9]+)\"");

    private final Fixtures fx = new Fixtures();

    @AfterEach
    void nothingLeaked() {
        fx.assertNoLeak();
    }

    private static Path golden() throws URISyntaxException {
        return Path.of(GoldenDataTest.class.getResource("/golden/manifest.json").toURI()).getParent();
    }

    private static List<String> names(String jsonList) {
        List<String> out = new ArrayList<>();
        for (String s : jsonList.split(",")) {
            if (!s.isBlank()) {
                out.add(s.strip().replace("\"", ""));
            }
        }
        return out;
    }

    @Test
    void everyCaseReadsAndMatchesTheManifest() throws Exception {
        Path dir = golden();
        List<String> lines = Files.readAllLines(dir.resolve("manifest.json"));
        Set<String> cases = new TreeSet<>();
        for (String line : lines) {
            Matcher m = CASE.matcher(line);
            if (line.equals("[") || line.equals("]")) {
                continue; // the list's brackets, on lines of their own
            }
            assertTrue(m.find(), "a manifest line that is not a case: " + line);
            String name = m.group(1);
            String op = m.group(2);
            List<String> expected = new ArrayList<>(names(m.group(3)));
            Matcher out = OUTPUTS.matcher(line);
            assertTrue(out.find(), line);
            List<String> outputs = names(out.group(1));
            expected.addAll(outputs);
            assertTrue(cases.add(name), "case " + name + " appears twice");
            Map<String, Tensor> arrays = fx.io.readNpz(dir.resolve(name + ".npz"));
            try {
                assertEquals(expected, List.copyOf(arrays.keySet()), name);
                for (Map.Entry<String, Tensor> e : arrays.entrySet()) {
                    assertEquals(expectedDType(op, e.getKey(), line), e.getValue().dtype(), name + "/" + e.getKey());
                }
                if (line.contains("\"view\": \"transpose\"")) {
                    assertEquals(2, arrays.get("in0").rank(), name + ": transposed views are of matrices");
                }
            } finally {
                arrays.values().forEach(Tensor::close);
            }
        }
        Set<String> files = new TreeSet<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".npz"))
                    .forEach(f -> files.add(f.substring(0, f.length() - 4)));
        }
        assertEquals(files, cases, "every .npz has a manifest entry and every entry a file");
        assertTrue(cases.size() > 400, "golden cases: " + cases.size());
    }

    private static DType expectedDType(String op, String array, String line) {
        if (op.equals("index_select") && array.equals("in1")) {
            return DType.I32;
        }
        if (array.startsWith("out") && (op.equals("argmin") || op.equals("argmax"))) {
            return DType.I32;
        }
        if (array.startsWith("out") && op.equals("cast")) {
            Matcher m = DTYPE.matcher(line);
            assertTrue(m.find(), line);
            return switch (m.group(1)) {
                case "float16" -> DType.F16;
                case "int8" -> DType.I8;
                case "int32" -> DType.I32;
                case "float64" -> DType.F64;
                default -> throw new AssertionError("cast to " + m.group(1));
            };
        }
        return DType.F32;
    }

    @Test
    void goldenDataStaysSmall() throws Exception {
        long bytes;
        try (Stream<Path> s = Files.list(golden())) {
            bytes = s.mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).sum();
        }
        assertTrue(bytes < 2_000_000, "golden data is " + bytes + " bytes; keep it under 2 MB");
    }
}
