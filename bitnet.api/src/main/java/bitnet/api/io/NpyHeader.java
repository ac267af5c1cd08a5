package bitnet.api.io;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

import bitnet.api.tensor.DType;

/**
 * The parsed header of one {@code .npy} array: what the file declares, before any data is read.
 *
 * @param name the file or zip entry name, as used in error messages
 * @param majorVersion format major version: 1, 2 or 3
 * @param minorVersion format minor version, 0 in every version NumPy writes
 * @param descr NumPy's dtype string as written in the file, for example {@code "<f4"} or {@code "|b1"}
 * @param dtype the bitnet dtype the data is read as
 * @param byteOrder the byte order of the data in the file (little endian for one-byte types)
 * @param fortranOrder true if the data is stored column-major (first index varies fastest)
 * @param shape the array's shape; empty for a rank-0 (scalar) array
 * @param headerBytes bytes before the data: magic, version, header length and header dict with padding
 * @param dataBytes bytes of array data that follow the header
 */
public record NpyHeader(String name, int majorVersion, int minorVersion, String descr, DType dtype,
        ByteOrder byteOrder, boolean fortranOrder, long[] shape, long headerBytes, long dataBytes) {

    /** @throws NullPointerException if a reference component is null */
    public NpyHeader {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(descr, "descr");
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(byteOrder, "byteOrder");
        shape = shape.clone();
    }

    /** @return a copy of the shape */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** @return the element count: product of the shape, 1 for rank 0 */
    public long size() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /** @return the shape as Python prints a tuple: {@code ()}, {@code (5,)}, {@code (3, 4)} */
    public String shapeString() {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return sb.append(')').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NpyHeader h && name.equals(h.name) && majorVersion == h.majorVersion
                && minorVersion == h.minorVersion && descr.equals(h.descr) && dtype == h.dtype
                && byteOrder.equals(h.byteOrder) && fortranOrder == h.fortranOrder && Arrays.equals(shape, h.shape)
                && headerBytes == h.headerBytes && dataBytes == h.dataBytes;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, descr, dtype, fortranOrder, Arrays.hashCode(shape), headerBytes, dataBytes);
    }

    @Override
    public String toString() {
        return name + ": v" + majorVersion + "." + minorVersion + " descr " + descr + " (" + dtype + ", "
                + byteOrder + ") shape " + shapeString() + (fortranOrder ? " Fortran order" : " C order");
    }
}
