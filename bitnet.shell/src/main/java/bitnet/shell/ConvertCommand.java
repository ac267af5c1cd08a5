package bitnet.shell;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import bitnet.api.convert.ConversionEngine;
import bitnet.api.convert.ConversionOptions;
import bitnet.api.convert.ConversionResult;
import bitnet.api.io.TensorIO;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;
import bitnet.api.tensor.TensorFactory;

/**
 * {@code bitnet:convert OUT.npy IN.npy DTYPE [strategy=..] [mode=..] [chunk=..] [seed=..] [preset=..]}: converts a
 * {@code .npy} file through the {@link ConversionEngine} and reports what was done and the error against the input.
 * TERNARY and I4 have no NumPy dtype, so they are written as int8 values (-1..1, -8..7); scales go to {@code OUT.scales.npy}.
 */
@Component(service = ConvertCommand.class, property = {"osgi.command.scope=bitnet",
    "osgi.command.function=convert"})
public final class ConvertCommand {
    private final ConversionEngine engine;
    private final TensorIO io;
    private final TensorFactory factory;

    /**
     * @param engine converts
     * @param io reads and writes .npy files
     * @param factory makes the scale tensor
     */
    @Activate
    public ConvertCommand(@Reference ConversionEngine engine, @Reference TensorIO io,
            @Reference TensorFactory factory) {
        this.engine = engine;
        this.io = io;
        this.factory = factory;
    }

    /** @return usage */
    @Descriptor("usage of bitnet:convert: strategies, modes and dtypes")
    public String convert() {
        return "usage: bitnet:convert OUT.npy IN.npy DTYPE [strategy=direct|scaled|quantization-aware|stochastic]"
                + " [mode=copy|zero-copy|in-place|streaming] [chunk=ELEMENTS] [seed=N]"
                + " [preset=high-performance|low-memory|high-precision|balanced]" + System.lineSeparator()
                + "dtypes: " + Arrays.toString(DType.values());
    }

    /**
     * @param out output file
     * @param in input file
     * @param dtype target dtype
     * @param params {@code name=value} options
     * @return what was done
     * @throws IOException if a file cannot be read or written
     */
    @Descriptor("converts a .npy to another dtype with a strategy and mode, and reports the error")
    public String convert(@Descriptor("the output .npy") String out, @Descriptor("the input .npy") String in,
            @Descriptor("target dtype: f32, f64, f16, bf16, i8, i32, ternary, i4") String dtype,
            @Descriptor("strategy=direct|scaled|qa|stochastic, mode=copy|zero-copy|in-place|streaming, seed=N, ...")
            String... params) throws IOException {
        DType target = ConvertArguments.dtype(dtype);
        ConversionOptions options = ConvertArguments.options(params);
        Path outPath = UserPaths.output(out);
        try (Tensor source = io.readNpy(UserPaths.existing(in))) {
            long sourceBytes = source.dtype().byteSize(source.size());
            float[] input = source.size() <= ConvertArguments.MAX_ERROR_ELEMENTS ? source.toFloatArray() : null;
            DType sourceType = source.dtype();
            long[] shape = source.shape();
            try (ConversionResult r = engine.convert(source, target, options)) {
                StringBuilder sb = new StringBuilder();
                sb.append("converted ").append(in).append(" (").append(sourceType).append(' ')
                        .append(Arrays.toString(shape)).append(", ").append(sourceBytes).append(" bytes) -> ")
                        .append(out).append(" (").append(target).append(", ").append(r.bytesOut())
                        .append(" bytes)").append(System.lineSeparator());
                sb.append(String.format(Locale.ROOT, "strategy %s, mode %s%s, %d chunk(s), %.3f ms%n", r.strategy(),
                        r.mode(), r.sharesMemory() ? " (shares the input's memory)" : "", r.chunks(),
                        r.nanos() / 1e6));
                float[] converted = input == null ? null : r.tensor().toFloatArray();
                write(outPath, r.tensor(), sb);
                sb.append(scales(outPath, r));
                if (input != null) {
                    sb.append(ErrorStats.of(input, converted, r.scales(), shape).describe());
                } else {
                    sb.append("error vs input: not computed above ").append(ConvertArguments.MAX_ERROR_ELEMENTS)
                            .append(" elements");
                }
                return sb.toString().stripTrailing();
            }
        }
    }

    private void write(Path out, Tensor t, StringBuilder sb) throws IOException {
        io.writeNpy(out, t);
        if (t.dtype().bitsPerElement() >= 8) {
            return;
        }
        sb.append(t.dtype()).append(" has no NumPy dtype: written as int8 values ")
                .append(t.dtype() == DType.TERNARY ? "-1, 0, 1" : "-8 .. 7").append(System.lineSeparator());
    }

    private String scales(Path out, ConversionResult r) throws IOException {
        float[] s = r.scales();
        if (s.length == 0) {
            return "scale: none" + System.lineSeparator();
        }
        String name = out.getFileName().toString();
        String stem = name.endsWith(".npy") ? name.substring(0, name.length() - 4) : name;
        Path file = out.resolveSibling(stem + ".scales.npy");
        try (Tensor t = factory.of(s, s.length)) {
            io.writeNpy(file, t);
        }
        String first = String.format(Locale.ROOT, "%.6g", s[0]);
        return (s.length == 1 ? "scale " + first : s.length + " scales (first " + first + ")")
                + " (x ~ q * scale) written to " + file + System.lineSeparator();
    }
}
