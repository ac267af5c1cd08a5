package bitnet.model.gguf;

import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import bitnet.api.model.ModelFormatException;
import bitnet.model.load.MappedFile;
import bitnet.model.load.StoredTensor;

/**
 * The container of a GGUF version 3 file (ggml docs/gguf.md): magic {@code GGUF}, version, tensor and metadata
 * counts, typed key/value metadata, tensor infos, padding to {@code general.alignment} (default 32), then the data
 * section. Parsing checks every count, length and offset against the file.
 */
final class GgufFile {
    /** Default alignment of the data section and of each tensor's data. */
    static final long DEFAULT_ALIGNMENT = 32;
    private static final int MAX_DIMS = 4;
    /** A tensor info takes at least: name length 8, n_dims 4, one dimension 8, type 4, offset 8. */
    private static final int MIN_TENSOR_INFO = 32;
    /** A key/value pair takes at least: key length 8, type 4, a one-byte value. */
    private static final int MIN_KV = 13;

    final MappedFile file;
    final Map<String, Object> metadata;
    final Map<String, GgufTensor> tensors;
    final long alignment;
    final long dataStart;

    private GgufFile(MappedFile file, Map<String, Object> metadata, Map<String, GgufTensor> tensors, long alignment,
            long dataStart) {
        this.file = file;
        this.metadata = metadata;
        this.tensors = tensors;
        this.alignment = alignment;
        this.dataStart = dataStart;
    }

    /**
     * @param file a mapped file
     * @return its parsed container
     * @throws ModelFormatException if the file is not a GGUF v3 file or any count, type or offset is wrong
     */
    static GgufFile parse(MappedFile file) {
        GgufReader r = new GgufReader(file);
        magic(r, file);
        long version = r.u32("the version");
        if (version != 3) {
            throw r.fail(version == 1 || version == 2
                    ? "GGUF version " + version + " is not supported: only version 3 is read (llama.cpp has written "
                            + "it since late 2023); convert the model again with a current converter"
                    : version == 0x03000000L ? "big-endian GGUF files are not supported"
                    : "unknown GGUF version " + version + " (expected 3)");
        }
        long tensorCount = r.count("the tensor count", MIN_TENSOR_INFO);
        long kvCount = r.count("the metadata key/value count", MIN_KV);
        Map<String, Object> metadata = new LinkedHashMap<>();
        for (long i = 0; i < kvCount; i++) {
            String key = r.string("metadata key " + i);
            long typeId = r.u32("the value type of key " + key);
            GgufValueType type = GgufValueType.of(typeId);
            if (type == null) {
                throw r.fail("key " + key + ": unknown value type " + typeId);
            }
            if (metadata.put(key, r.value(type, key, 0)) != null) {
                throw r.fail("key " + key + " appears twice in the metadata");
            }
        }
        long alignment = alignment(r, metadata.get("general.alignment"));
        Map<String, GgufTensor> tensors = new LinkedHashMap<>();
        for (long i = 0; i < tensorCount; i++) {
            GgufTensor t = tensorInfo(r, i);
            if (tensors.put(t.name(), t) != null) {
                throw r.fail("tensor " + t.name() + " appears twice in the tensor infos");
            }
        }
        r.align(alignment);
        long dataStart = r.position();
        long size = file.size();
        if (dataStart > size && !tensors.isEmpty()) {
            throw r.fail("the data section would start at byte " + dataStart + ", past the end of the file (" + size
                    + " bytes; truncated?)");
        }
        checkData(r, tensors.values(), alignment, Math.max(0, size - dataStart));
        return new GgufFile(file, Collections.unmodifiableMap(metadata), Collections.unmodifiableMap(tensors),
                alignment, dataStart);
    }

    /**
     * @param t one of {@link #tensors}
     * @return it as a slice of the mapped file, in PyTorch order
     */
    StoredTensor stored(GgufTensor t) {
        return new StoredTensor(file, t.name(), t.type().stored, t.shape(),
                file.segment().asSlice(dataStart + t.offset(), t.bytes()));
    }

    private static void magic(GgufReader r, MappedFile file) {
        if (file.size() < 4) {
            throw r.fail("is not a GGUF file: " + file.size() + " bytes, too short for the magic \"GGUF\"");
        }
        byte[] magic = file.segment().asSlice(0, 4).toArray(ValueLayout.JAVA_BYTE);
        if (!Arrays.equals(magic, "GGUF".getBytes(StandardCharsets.US_ASCII))) {
            throw r.fail("is not a GGUF file: it starts with " + hex(magic) + ", not the magic \"GGUF\"");
        }
        r.u32("the magic");
    }

    private static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(s.isEmpty() ? "" : " ").append(String.format("%02x", x & 0xff));
        }
        return s.toString();
    }

    private static long alignment(GgufReader r, Object value) {
        if (value == null) {
            return DEFAULT_ALIGNMENT;
        }
        if (!(value instanceof Long a) || a <= 0 || a > (1 << 30) || Long.bitCount(a) != 1) {
            throw r.fail("key general.alignment is " + value + "; expected a power of two (default 32)");
        }
        return a;
    }

    private static GgufTensor tensorInfo(GgufReader r, long index) {
        String name = r.string("the name of tensor " + index);
        long nDims = r.u32("the dimension count of tensor " + name);
        if (nDims < 1 || nDims > MAX_DIMS) {
            throw r.fail("tensor " + name + ": n_dims is " + nDims + "; ggml tensors have 1 to " + MAX_DIMS
                    + " dimensions");
        }
        long[] dims = new long[(int) nDims];
        long n = 1;
        for (int k = 0; k < dims.length; k++) {
            dims[k] = r.u64("dimension " + k + " of tensor " + name);
            if (dims[k] < 0) {
                throw r.fail("tensor " + name + ": dimension " + k + " is " + Long.toUnsignedString(dims[k]));
            }
            try {
                n = Math.multiplyExact(n, dims[k]);
            } catch (ArithmeticException e) {
                throw r.fail("tensor " + name + ": dimensions " + unsigned(dims, k + 1)
                        + " overflow a 64-bit element count");
            }
        }
        long typeId = r.u32("the type of tensor " + name);
        GgmlType type = GgmlType.of(typeId);
        if (type == null) {
            throw r.fail("tensor " + name + ": ggml type " + GgmlType.describe(typeId) + " is not supported (this "
                    + "loader reads " + GgmlType.supported() + ")");
        }
        if (type == GgmlType.I2_S ? n % type.block != 0 : dims[0] % type.block != 0) {
            throw r.fail("tensor " + name + ": " + type + " stores whole blocks of " + type.block + " values "
                    + (type == GgmlType.I2_S ? "" : "along the first dimension ") + "but the tensor has dimensions "
                    + Arrays.toString(dims));
        }
        long offset = r.u64("the data offset of tensor " + name);
        if (offset < 0) {
            throw r.fail("tensor " + name + ": data offset " + Long.toUnsignedString(offset) + " is out of range");
        }
        long bytes;
        try {
            bytes = type.bytes(n);
        } catch (ArithmeticException e) {
            throw r.fail("tensor " + name + ": " + type + " " + Arrays.toString(dims) + " overflows a 64-bit size");
        }
        return new GgufTensor(name, type, dims, offset, bytes);
    }

    private static String unsigned(long[] dims, int count) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            s.append(i == 0 ? "" : ", ").append(Long.toUnsignedString(dims[i]));
        }
        return s.append(count < dims.length ? ", ...]" : "]").toString();
    }

    private static void checkData(GgufReader r, Iterable<GgufTensor> tensors, long alignment, long dataSize) {
        List<GgufTensor> byOffset = new ArrayList<>();
        for (GgufTensor t : tensors) {
            if (t.offset() % alignment != 0) {
                throw r.fail("tensor " + t.name() + ": data offset " + t.offset() + " is not a multiple of the "
                        + "alignment " + alignment + " (misaligned)");
            }
            if (t.bytes() > dataSize || t.offset() > dataSize - t.bytes()) {
                throw r.fail("tensor " + t.name() + ": its " + t.bytes() + " bytes at data offset " + t.offset()
                        + " run past the end of the file (the data section holds " + dataSize + " bytes; truncated?)");
            }
            byOffset.add(t);
        }
        byOffset.sort(Comparator.comparingLong(GgufTensor::offset));
        GgufTensor reach = null;
        for (GgufTensor t : byOffset) {
            if (t.bytes() == 0) {
                continue;
            }
            if (reach != null && t.offset() < reach.offset() + reach.bytes()) {
                throw r.fail("tensor " + t.name() + ": its data [" + t.offset() + ", " + (t.offset() + t.bytes())
                        + ") overlaps that of tensor " + reach.name() + " [" + reach.offset() + ", "
                        + (reach.offset() + reach.bytes()) + ")");
            }
            reach = t;
        }
    }
}
