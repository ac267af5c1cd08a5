package bitnet.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The launcher as users start it: {@code ./bitnet} run as a process from another folder, its output and exit
 * codes; and the exported jar started without the Vector API module, which reports the one bundle that cannot
 * start. {@code BITNET_SKIP_BUILD} keeps the script from building (this test runs inside the build).
 */
public class LauncherIT {
    private static final long TIMEOUT_SECONDS = 120;
    private static Path work;

    /** What a process printed and how it ended. */
    private record Run(int exit, String out, String err) {
    }

    @BeforeClass
    public static void folder() throws IOException {
        work = Files.createTempDirectory("bitnet-launcher-it");
    }

    private static Run run(List<String> command) throws Exception {
        Path out = work.resolve("out.txt");
        Path err = work.resolve("err.txt");
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("BITNET_SKIP_BUILD", "1");
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not end within " + TIMEOUT_SECONDS + " s");
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static List<String> script(String... args) {
        List<String> c = new ArrayList<>();
        c.add(Path.of(System.getProperty("bitnet.root"), "bitnet").toAbsolutePath().normalize().toString());
        c.addAll(List.of(args));
        return c;
    }

    @Test
    public void oneCommandPrintsItsResultAndExitsZero() throws Exception {
        Run r = run(script("bitnet:info"));
        assertEquals(r.err, 0, r.exit);
        assertTrue(r.out, r.out.contains("bitnet.shell"));
        assertTrue(r.out, r.out.matches("(?s).*bitnet\\.backend\\.simd\\s+\\S+\\s+ACTIVE.*"));
        assertTrue(r.out, r.out.contains("jdk.incubator.vector: present"));
        assertFalse(r.err, r.err.contains("did not start"));
    }

    @Test
    public void aScriptRunsInTheCallersFolderAndStopsAtTheFirstFailure() throws Exception {
        Files.write(work.resolve("a.npy"), npyF32(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
        Files.writeString(work.resolve("run.gosh"), String.join("\n",
                "# relative paths are the caller's",
                "bitnet:op sum s.npy a.npy axis=1",
                "bitnet:npy-info s.npy",
                "lb bitnet.backend.simd",
                "bitnet:op sum t.npy missing.npy",
                "bitnet:policies"));
        Run r = run(script("-f", "run.gosh"));
        assertEquals(r.out + r.err, 1, r.exit);
        assertTrue(r.out, r.out.contains("wrote " + work.resolve("s.npy") + ": F32 [2]"));
        assertTrue(r.out, r.out.contains("values  [6.0, 15.0]"));
        assertTrue(r.out, r.out.contains("Active"));
        assertTrue(r.err, r.err.contains("error: bitnet:op sum t.npy missing.npy: no such file: "
                + work.resolve("missing.npy")));
        assertFalse("stops at the first failure: " + r.out, r.out.contains("balanced"));
        Run missing = run(script("-f", "nope.gosh"));
        assertEquals(2, missing.exit);
        assertTrue(missing.err, missing.err.contains("no such file: " + work.resolve("nope.gosh")));
    }

    @Test
    public void anUnknownCommandFailsWithExitOne() throws Exception {
        Run r = run(script("bitnet:nosuch"));
        assertEquals(1, r.exit);
        assertTrue(r.err, r.err.contains("error: bitnet:nosuch"));
    }

    @Test
    public void withoutTheVectorModuleTheSimdBundleIsReportedAndCpuServes() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path jar = Path.of(System.getProperty("bitnet.launcher"));
        Run r = run(List.of(java.toString(), "--enable-native-access=ALL-UNNAMED", "-jar", jar.toString(),
                "bitnet:info"));
        assertEquals(r.err, 0, r.exit);
        assertTrue(r.err, r.err.contains("bitnet: bundle bitnet.backend.simd"));
        assertTrue(r.err, r.err.contains("without --add-modules jdk.incubator.vector"));
        assertTrue(r.out, r.out.contains("bitnet.backend.simd did not start"));
        assertTrue(r.out, r.out.contains("backends (ranking order): mlx(100) metal(80) cpu(40)"));
    }

    // A minimal NumPy 1.0 file, as numpy.save writes it, so this test needs nothing but the JDK.
    private static byte[] npyF32(float[] v, int... shape) {
        StringBuilder dims = new StringBuilder();
        for (int d : shape) {
            dims.append(d).append(", ");
        }
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims.toString().strip()
                .replaceAll(",$", shape.length == 1 ? "," : "") + "), }";
        int total = 10 + dict.length() + 1;
        int padded = (total + 63) / 64 * 64;
        String header = dict + " ".repeat(padded - total) + "\n";
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(10 + header.length() + 4 * v.length)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0)
                .putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        for (float f : v) {
            b.putFloat(f);
        }
        return b.array();
    }
}
