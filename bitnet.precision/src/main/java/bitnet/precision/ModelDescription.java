package bitnet.precision;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import bitnet.api.precision.ComponentSpec;
import bitnet.api.precision.ComponentType;
import bitnet.api.precision.LayerDescriptor;
import bitnet.api.precision.LayerSpec;
import bitnet.api.precision.LayerType;
import bitnet.api.precision.PrecisionException;

/**
 * A model's layer list read from a {@code .model} resource of this bundle (format in the resource's header).
 * The parameter {@code context} is supplied when the layers are built.
 */
final class ModelDescription {
    private final String name;
    private final List<String> lines;

    private ModelDescription(String name, List<String> lines) {
        this.name = name;
        this.lines = lines;
    }

    /**
     * @param name the resource's base name, {@code bitnet-b1.58-2b4t}
     * @return the description
     * @throws PrecisionException if there is no such resource
     */
    static ModelDescription load(String name) {
        InputStream in = ModelDescription.class.getResourceAsStream(name + ".model");
        if (in == null) {
            throw new PrecisionException("no model description '" + name + "'");
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return new ModelDescription(name, r.lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList());
        } catch (IOException e) {
            throw new PrecisionException("cannot read model description '" + name + "': " + e.getMessage());
        }
    }

    /**
     * @param context context length in tokens, at least 1
     * @return the layers in file order, blocks expanded
     * @throws PrecisionException if {@code context < 1} or a line is malformed
     */
    List<LayerSpec> layers(int context) {
        if (context < 1) {
            throw new PrecisionException("context must be at least 1 token, got " + context);
        }
        Map<String, Long> params = new HashMap<>();
        params.put("context", (long) context);
        List<LayerSpec> out = new ArrayList<>();
        List<String[]> block = new ArrayList<>();
        for (String line : lines) {
            String[] w = line.split("\\s+");
            switch (w[0]) {
                case "param" -> params.put(w[1], Long.parseLong(w[2]));
                case "layer" -> {
                    flush(block, params, out);
                    out.add(layer(w, w[1], (int) value(w[3], params), params));
                }
                case "block" -> block.add(w);
                default -> throw new PrecisionException(name + ": unknown line '" + line + "'");
            }
        }
        flush(block, params, out);
        return out;
    }

    // Blocks are written as consecutive lines; they are expanded once the next plain layer line (or the end) is seen.
    private void flush(List<String[]> block, Map<String, Long> params, List<LayerSpec> out) {
        if (block.isEmpty()) {
            return;
        }
        long blocks = params.get("blocks");
        for (int i = 0; i < blocks; i++) {
            for (String[] w : block) {
                out.add(layer(w, w[1].replace("{i}", Integer.toString(i)), i, params));
            }
        }
        block.clear();
    }

    private LayerSpec layer(String[] w, String layerName, int index, Map<String, Long> params) {
        boolean isBlock = w[0].equals("block");
        LayerType type = LayerType.valueOf(w[2].toUpperCase(Locale.ROOT));
        List<ComponentSpec> components = new ArrayList<>();
        for (int i = isBlock ? 3 : 4; i < w.length; i++) {
            String[] kv = w[i].split("=");
            String[] dims = kv[1].split(",");
            components.add(ComponentSpec.of(ComponentType.valueOf(kv[0]), value(dims[0], params),
                    value(dims[1], params)));
        }
        return new LayerSpec(new LayerDescriptor(layerName, type, index), components);
    }

    private long value(String expr, Map<String, Long> params) {
        long v = 1;
        for (String f : expr.split("\\*")) {
            Long p = params.get(f);
            try {
                v = Math.multiplyExact(v, p != null ? p : Long.parseLong(f));
            } catch (NumberFormatException e) {
                throw new PrecisionException(name + ": '" + f + "' is neither a number nor a param");
            }
        }
        return v;
    }
}
