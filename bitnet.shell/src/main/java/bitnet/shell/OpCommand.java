package bitnet.shell;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import bitnet.api.io.TensorIO;
import bitnet.api.ops.TensorOps;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;

/**
 * {@code bitnet:op OP OUT IN... [name=value ...]}: runs one operation through the dispatcher on {@code .npy}
 * inputs and writes the result. Several results ({@code split}) go to {@code OUT_0.npy, OUT_1.npy, ...}, or into
 * one archive when OUT ends in {@code .npz}.
 */
@Component(service = OpCommand.class, property = {"osgi.command.scope=bitnet", "osgi.command.function=op"})
public final class OpCommand {
    private final TensorOps ops;
    private final TensorIO io;

    /**
     * @param ops the operations
     * @param io reads and writes .npy/.npz files
     */
    @Activate
    public OpCommand(@Reference TensorOps ops, @Reference TensorIO io) {
        this.ops = ops;
        this.io = io;
    }

    /**
     * @param op the operation's name ({@code bitnet:op help} lists them)
     * @param out the output file
     * @param args input {@code .npy} files, then {@code name=value} parameters
     * @return what was written
     * @throws IOException if a file cannot be read or written
     */
    @Descriptor("runs one operation through the dispatcher on .npy inputs and writes the result")
    public String op(@Descriptor("the operation (bitnet:op alone lists them)") String op,
            @Descriptor("the output .npy (or .npz for several results)") String out,
            @Descriptor("input .npy files, then name=value parameters") String... args) throws IOException {
        List<Path> inputs = new ArrayList<>();
        Map<String, String> params = new LinkedHashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq > 0 && !a.endsWith(".npy")) {
                params.put(a.substring(0, eq), a.substring(eq + 1));
            } else {
                inputs.add(UserPaths.existing(a));
            }
        }
        List<Tensor> tensors = new ArrayList<>();
        List<Tensor> results = List.of();
        try {
            for (Path p : inputs) {
                tensors.add(io.readNpy(p));
            }
            results = ops.invoke(op, tensors, params);
            return write(UserPaths.output(out), results);
        } finally {
            results.forEach(Tensor::close);
            tensors.forEach(Tensor::close);
        }
    }

    /** @return the operations {@code bitnet:op} accepts */
    @Descriptor("lists the operations bitnet:op runs")
    public String op() {
        return "usage: bitnet:op OP OUT.npy IN.npy [IN2.npy ...] [name=value ...]" + System.lineSeparator()
                + "operations: " + String.join(", ", ops.operationNames());
    }

    private String write(Path out, List<Tensor> results) throws IOException {
        StringBuilder sb = new StringBuilder();
        String name = out.getFileName().toString();
        if (name.endsWith(".npz")) {
            Map<String, Tensor> arrays = new LinkedHashMap<>();
            for (int i = 0; i < results.size(); i++) {
                arrays.put(results.size() == 1 ? "out" : "out" + i, results.get(i));
            }
            io.writeNpz(out, arrays);
            arrays.forEach((k, t) -> sb.append(describe(out + ":" + k, t)));
        } else if (results.size() == 1) {
            io.writeNpy(out, results.get(0));
            sb.append(describe(out.toString(), results.get(0)));
        } else {
            String stem = name.endsWith(".npy") ? name.substring(0, name.length() - 4) : name;
            for (int i = 0; i < results.size(); i++) {
                Path p = out.resolveSibling(stem + "_" + i + ".npy");
                io.writeNpy(p, results.get(i));
                sb.append(describe(p.toString(), results.get(i)));
            }
        }
        return sb.toString().stripTrailing();
    }

    private static String describe(String where, Tensor t) {
        String stored = t.dtype().bitsPerElement() < 8 ? " (stored as int8 values)" : "";
        return "wrote " + where + ": " + t.dtype() + " " + Arrays.toString(t.shape()) + stored + System.lineSeparator();
    }
}
