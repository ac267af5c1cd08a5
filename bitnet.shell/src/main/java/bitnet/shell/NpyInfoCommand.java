package bitnet.shell;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import bitnet.api.io.NpyHeader;
import bitnet.api.io.TensorIO;
import bitnet.api.tensor.Tensor;

/**
 * {@code bitnet:npy-info FILE}: dtype, shape, order and the first values of a {@code .npy} file, or of every
 * array of a {@code .npz} archive. Gogo runs a hyphenated command through {@code _main}, with the command's name
 * first.
 */
@Component(service = NpyInfoCommand.class, property = {"osgi.command.scope=bitnet",
    "osgi.command.function=npy-info"})
public final class NpyInfoCommand {
    /** Enough values to recognise an array without flooding the terminal. */
    static final int PREVIEW = 8;
    private final TensorIO io;

    /** @param io the service that reads the file */
    @Activate
    public NpyInfoCommand(@Reference TensorIO io) {
        this.io = io;
    }

    /**
     * @param command the command's name, as Gogo passes it
     * @param file path of a {@code .npy} file or {@code .npz} archive
     * @return one block per array: name, version, dtype, shape, order, byte order, first values
     * @throws IllegalArgumentException if the file does not exist
     * @throws IOException if reading fails
     */
    @Descriptor("dtype, shape, order and first values of a .npy file, or of every array of a .npz archive")
    public String _main(String command, @Descriptor("a .npy file or a .npz archive") String file) throws IOException {
        Path path = UserPaths.existing(file);
        StringBuilder sb = new StringBuilder();
        if (isZip(path)) {
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

    // A .npz archive is a zip file: it starts with a local file header, "PK\3\4".
    private static boolean isZip(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
        }
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
