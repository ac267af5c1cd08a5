package bitnet.shell;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import bitnet.api.io.TensorIO;
import bitnet.api.ops.TensorOps;
import bitnet.api.quant.PackingStrategy;
import bitnet.api.quant.QuantSpec;
import bitnet.api.quant.QuantizedTensor;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;

/**
 * {@code bitnet:quant-info FILE.npy}: what each ternary packing strategy makes of one tensor. Float weights are
 * first quantized (absmean, one gamma per tensor); int8 files must already hold -1, 0, 1. Every size is measured by
 * packing through the dispatcher, not estimated. Gogo runs a hyphenated command through {@code _main}, with the
 * command's name first.
 */
@Component(service = QuantInfoCommand.class,
        property = {"osgi.command.scope=bitnet", "osgi.command.function=quant-info"})
public final class QuantInfoCommand {
    private final TensorOps ops;
    private final TensorIO io;

    /**
     * @param ops the operations
     * @param io reads .npy files
     */
    @Activate
    public QuantInfoCommand(@Reference TensorOps ops, @Reference TensorIO io) {
        this.ops = ops;
        this.io = io;
    }

    /**
     * @param command the command's name, as Gogo passes it
     * @param file a .npy file of float weights or of int8 ternary values
     * @return a table of strategies, sizes and ratios, and the automatic choice
     * @throws IOException if the file cannot be read
     */
    @Descriptor("each ternary packing strategy's measured size for one weight tensor, and the automatic choice")
    public String _main(String command, @Descriptor("a .npy of float weights (quantized with absmean first) or of "
            + "int8 -1/0/1 values") String file) throws IOException {
        Path path = UserPaths.existing(file);
        try (Tensor raw = io.readNpy(path); Tensor ternary = ternary(raw, path)) {
            long n = ternary.size();
            long zeros = 0;
            for (float v : ternary.toFloatArray()) {
                zeros += v == 0 ? 1 : 0;
            }
            long sourceBytes = raw.dtype().byteSize(n);
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "%s: %s %s, %d weights, %.1f %% zeros%n", path, raw.dtype(),
                    java.util.Arrays.toString(raw.shape()), n, n == 0 ? 0.0 : 100.0 * zeros / n));
            Table t = new Table("strategy", "bytes", "bits/weight", "vs int8", "vs " + raw.dtype());
            for (PackingStrategy s : PackingStrategy.values()) {
                try (Tensor packed = ops.packTernary(ternary, s)) {
                    t.row(s.name().toLowerCase(Locale.ROOT), packed.size(), ratio(8.0 * packed.size(), n),
                            ratio(n, packed.size()), ratio(sourceBytes, packed.size()));
                }
            }
            try (Tensor auto = ops.packTernary(ternary, null)) {
                // Byte 4 of packed bytes is the strategy's ordinal (documented on TensorOps.packTernary).
                PackingStrategy chosen = PackingStrategy.values()[auto.segment().get(
                        java.lang.foreign.ValueLayout.JAVA_BYTE, auto.offset() + 4)];
                sb.append(t).append(System.lineSeparator()).append("automatic choice: ")
                        .append(chosen.name().toLowerCase(Locale.ROOT)).append(" (").append(auto.size())
                        .append(" bytes; sizes include the ").append("self-describing header)");
            }
            return sb.toString();
        }
    }

    private Tensor ternary(Tensor raw, Path file) throws IOException {
        if (!raw.dtype().isFloating()) {
            return io.readNpy(file, DType.TERNARY);
        }
        try (Tensor f32 = raw.to(DType.F32)) {
            QuantizedTensor q = ops.quantize(f32, QuantSpec.ternary());
            q.scales().close();
            return q.values();
        }
    }

    private static String ratio(double a, double b) {
        return b == 0 ? "-" : String.format(Locale.ROOT, "%.3f", a / b);
    }
}
