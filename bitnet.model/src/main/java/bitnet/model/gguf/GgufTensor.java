package bitnet.model.gguf;

import java.util.Arrays;

/**
 * One entry of a GGUF file's tensor infos, checked against the file.
 *
 * @param name tensor name
 * @param type its ggml type
 * @param dims extents in ggml order (innermost first: the reverse of PyTorch's shape)
 * @param offset data offset, relative to the start of the data section
 * @param bytes stored bytes
 */
record GgufTensor(String name, GgmlType type, long[] dims, long offset, long bytes) {

    /** @return the extents in PyTorch order (outermost first) */
    long[] shape() {
        long[] s = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            s[i] = dims[dims.length - 1 - i];
        }
        return s;
    }

    @Override
    public String toString() {
        return name + " " + type + " " + Arrays.toString(dims);
    }
}
