package bitnet.numpy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Function;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import bitnet.api.io.NpyHeader;
import bitnet.api.io.TensorIO;
import bitnet.api.tensor.Tensor;

/**
 * {@code bitnet:npy-info FILE}: dtype, shape, order and the first values of a {@code .npy} file, or of every
 * array of a {@code .npz} archive. A Gogo {@link Function}, because Gogo maps a command to a method by name and
 * {@code npy-info} is not a Java identifier.
 */
@Component(service = NpyInfoCommand.class, property = {"osgi.command.scope=bitnet",
    "osgi.command.function=npy-info"})
public final class NpyInfoCommand implements Function {
    /** Enough values to recognise an array without flooding the terminal. */
    static final int PREVIEW = 8;
    private final TensorIO io;

    /** @param io the service that reads the file */
    @Activate
    public NpyInfoCommand(@Reference TensorIO io) {
        this.io = io;
    }

    @Override
    public Object execute(CommandSession session, List<Object> arguments) throws Exception {
        if (arguments.size() != 1) {
            throw new IllegalArgumentException("usage: bitnet:npy-info FILE  (a .npy file or a .npz archive)");
        }
        return info(String.valueOf(arguments.get(0)));
    }

    /**
     * @param file path of a {@code .npy} file or {@code .npz} archive
     * @return one block per array: name, version, dtype, shape, order, byte order, first values
     * @throws IllegalArgumentException if the file does not exist
     * @throws IOException if reading fails
     */
    public String info(String file) throws IOException {
        Path path = Path.of(file);
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("no such file: " + path.toAbsolutePath());
        }
        StringBuilder sb = new StringBuilder();
        if (Npz.looksLikeNpz(path)) {
            List<NpyHeader> headers = io.readNpzHeaders(path);
            Map<String, Tensor> arrays = io.readNpz(path);
            try {
                int i = 0;
                for (Tensor t : arrays.values()) {
                    describe(sb, headers.get(i++), t);
                }
            } finally {
                arrays.values().forEach(Tensor::close);
            }
            if (headers.isEmpty()) {
                sb.append(path.getFileName()).append(": empty .npz archive");
            }
        } else {
            try (Tensor t = io.readNpy(path)) {
                describe(sb, io.readNpyHeader(path), t);
            }
        }
        return sb.toString().stripTrailing();
    }

    private static void describe(StringBuilder sb, NpyHeader h, Tensor t) {
        String nl = System.lineSeparator();
        sb.append(h.name()).append("  (.npy version ").append(h.majorVersion()).append('.').append(h.minorVersion())
                .append(')').append(nl);
        sb.append("  dtype   ").append(h.dtype()).append("  (descr '").append(h.descr()).append("')").append(nl);
        sb.append("  shape   ").append(h.shapeString()).append("  = ").append(h.size()).append(" elements")
                .append(nl);
        sb.append("  order   ").append(h.fortranOrder() ? "Fortran (column-major)" : "C (row-major)").append(", ")
                .append(h.byteOrder()).append(nl);
        sb.append("  values  ").append(preview(t)).append(nl);
    }

    /**
     * @param t a tensor
     * @return its first {@link #PREVIEW} values in row-major order, with "..." if there are more
     */
    static String preview(Tensor t) {
        long n = Math.min(PREVIEW, t.size());
        long[] shape = t.shape();
        long[] index = new long[shape.length];
        StringBuilder sb = new StringBuilder("[");
        for (long i = 0; i < n; i++) {
            long rest = i;
            for (int d = shape.length - 1; d >= 0; d--) {
                index[d] = rest % shape[d];
                rest /= shape[d];
            }
            float v = t.getFloat(index);
            sb.append(i == 0 ? "" : ", ").append(t.dtype().isFloating() ? Float.toString(v) : Long.toString((long) v));
        }
        return sb.append(t.size() > n ? ", ...]" : "]").toString();
    }
}
