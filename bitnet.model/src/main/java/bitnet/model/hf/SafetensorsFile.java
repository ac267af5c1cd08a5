package bitnet.model.hf;

import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import bitnet.api.model.ModelFormatException;
import bitnet.model.load.JsonFiles;
import bitnet.model.load.MappedFile;
import bitnet.model.load.StoredTensor;
import bitnet.model.load.StoredType;

/**
 * Reads the header of a safetensors file: an 8-byte little-endian header length, a JSON object mapping tensor names
 * to {@code {"dtype", "shape", "data_offsets": [begin, end]}} (offsets relative to the end of the header;
 * {@code __metadata__} ignored), then the data. Every entry is checked against the file before anything is made.
 */
final class SafetensorsFile {
    private static final ValueLayout.OfLong LE_LONG =
            ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final int MAX_RANK = 8;

    private SafetensorsFile() {
    }

    /**
     * @param file the mapped file
     * @return its tensors by name, in header order, each a slice of the mapping
     * @throws ModelFormatException if the header or an entry is malformed, or data lies outside the file or overlaps
     */
    static Map<String, StoredTensor> read(MappedFile file) {
        long size = file.size();
        if (size < 8) {
            throw fail(file, "is truncated: " + size + " bytes, but a safetensors file starts with an 8-byte header "
                    + "length");
        }
        long headerLength = file.segment().get(LE_LONG, 0);
        if (headerLength < 0 || headerLength > size - 8) {
            throw fail(file, "the header length " + Long.toUnsignedString(headerLength) + " runs past the end of the "
                    + "file (" + size + " bytes): truncated or not a safetensors file");
        }
        if (headerLength > Integer.MAX_VALUE - 8) {
            throw fail(file, "the header length " + headerLength + " is too large for a JSON header");
        }
        byte[] header = file.segment().asSlice(8, headerLength).toArray(ValueLayout.JAVA_BYTE);
        ObjectNode json = JsonFiles.parseObject(file.path(), header, "the header");
        long dataStart = 8 + headerLength;
        long dataSize = size - dataStart;
        Map<String, StoredTensor> tensors = new LinkedHashMap<>();
        List<long[]> extents = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            if (name.equals("__metadata__")) {
                continue;
            }
            Entry entry = entry(file, name, e.getValue(), dataSize);
            tensors.put(name, new StoredTensor(file, name, entry.type, entry.shape,
                    file.segment().asSlice(dataStart + entry.begin, entry.end - entry.begin)));
            extents.add(new long[] {entry.begin, entry.end, names.size()});
            names.add(name);
        }
        checkOverlaps(file, extents, names);
        return tensors;
    }

    private record Entry(StoredType type, long[] shape, long begin, long end) {
    }

    private static Entry entry(MappedFile file, String name, JsonNode node, long dataSize) {
        String where = "tensor " + name;
        if (!node.isObject()) {
            throw fail(file, where + ": the header entry must be an object, not " + node);
        }
        JsonNode dtype = node.get("dtype");
        if (dtype == null || !dtype.isTextual()) {
            throw fail(file, where + ": \"dtype\" must be a string, not " + dtype);
        }
        StoredType type = switch (dtype.asText()) {
            case "BF16" -> StoredType.BF16;
            case "F16" -> StoredType.F16;
            case "F32" -> StoredType.F32;
            case "U8" -> StoredType.U8;
            case "I8" -> StoredType.I8;
            default -> throw fail(file, where + ": dtype " + dtype.asText() + " is not supported (this loader reads "
                    + "BF16, F16, F32, U8 and I8)");
        };
        long[] shape = shape(file, where, node.get("shape"));
        JsonNode offsets = node.get("data_offsets");
        if (offsets == null || !offsets.isArray() || offsets.size() != 2 || !isCount(offsets.get(0))
                || !isCount(offsets.get(1))) {
            throw fail(file, where + ": \"data_offsets\" must be two non-negative integers, not " + offsets);
        }
        long begin = offsets.get(0).asLong();
        long end = offsets.get(1).asLong();
        if (begin > end || end > dataSize) {
            throw fail(file, where + ": data_offsets [" + begin + ", " + end + "] lie outside the data section of "
                    + dataSize + " bytes (truncated file?)");
        }
        long bytes = bytes(file, where, type, shape);
        if (end - begin != bytes) {
            throw fail(file, where + ": data_offsets [" + begin + ", " + end + "] hold " + (end - begin)
                    + " bytes, but " + type + " " + Arrays.toString(shape) + " needs " + bytes);
        }
        return new Entry(type, shape, begin, end);
    }

    private static long[] shape(MappedFile file, String where, JsonNode node) {
        if (node == null || !node.isArray() || node.size() > MAX_RANK) {
            throw fail(file, where + ": \"shape\" must be an array of at most " + MAX_RANK + " extents, not " + node);
        }
        long[] shape = new long[node.size()];
        for (int i = 0; i < shape.length; i++) {
            if (!isCount(node.get(i))) {
                throw fail(file, where + ": \"shape\" must hold non-negative integers, not " + node);
            }
            shape[i] = node.get(i).asLong();
        }
        return shape;
    }

    private static long bytes(MappedFile file, String where, StoredType type, long[] shape) {
        int width = switch (type) {
            case F32 -> 4;
            case F16, BF16 -> 2;
            default -> 1;
        };
        try {
            long n = width;
            for (long d : shape) {
                n = Math.multiplyExact(n, d);
            }
            return n;
        } catch (ArithmeticException e) {
            throw fail(file, where + ": shape " + Arrays.toString(shape) + " overflows a 64-bit size");
        }
    }

    private static boolean isCount(JsonNode n) {
        return n != null && n.isIntegralNumber() && n.canConvertToLong() && n.asLong() >= 0;
    }

    private static void checkOverlaps(MappedFile file, List<long[]> extents, List<String> names) {
        extents.sort(Comparator.comparingLong((long[] x) -> x[0]).thenComparingLong(x -> x[1]));
        long[] reach = null;
        for (long[] cur : extents) {
            if (cur[1] == cur[0]) {
                continue;
            }
            if (reach != null && cur[0] < reach[1]) {
                throw fail(file, "tensor " + names.get((int) cur[2]) + ": data_offsets [" + cur[0] + ", " + cur[1]
                        + "] overlap those of tensor " + names.get((int) reach[2]) + " [" + reach[0] + ", "
                        + reach[1] + "]");
            }
            reach = cur;
        }
    }

    private static ModelFormatException fail(MappedFile file, String detail) {
        return new ModelFormatException(file.path(), detail);
    }
}
