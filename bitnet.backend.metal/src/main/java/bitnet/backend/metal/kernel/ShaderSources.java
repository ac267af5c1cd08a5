package bitnet.backend.metal.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The Metal sources shipped in this bundle ({@code /shaders/*.metal}), for compiling the shader library at run
 * time when the fragment carries no precompiled {@code bitnet_metal.metallib}. {@code newLibraryWithSource}
 * compiles one translation unit without a file system, so {@link #translationUnit()} inlines the shared
 * parameter header once and drops the {@code #include} lines that name it.
 */
public final class ShaderSources {
    /** The parameter header every source includes. */
    public static final String HEADER = "bm_params.h";
    /** The source files, in the order they are joined. */
    public static final List<String> FILES = List.of("elementwise.metal", "matmul.metal", "rows.metal", "quant.metal");

    private ShaderSources() {
    }

    /**
     * @param name a file under {@code /shaders/}
     * @return its text
     * @throws UncheckedIOException if this bundle lacks it
     */
    public static String read(String name) {
        try (InputStream in = ShaderSources.class.getResourceAsStream("/shaders/" + name)) {
            if (in == null) {
                throw new UncheckedIOException(new IOException("shader source /shaders/" + name
                        + " is missing from bitnet.backend.metal"));
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the header and every source file as one compilable unit */
    public static String translationUnit() {
        StringBuilder unit = new StringBuilder(read(HEADER)).append('\n');
        for (String file : FILES) {
            unit.append("// ---- ").append(file).append('\n');
            for (String line : read(file).split("\n", -1)) {
                if (!line.trim().equals("#include \"" + HEADER + "\"")) {
                    unit.append(line).append('\n');
                }
            }
        }
        return unit.toString();
    }
}
