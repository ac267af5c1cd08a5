package bitnet.numpy;

import java.nio.ByteOrder;

import bitnet.api.io.Bf16Encoding;
import bitnet.api.io.NpyFormatException;
import bitnet.api.tensor.DType;

/**
 * NumPy dtype strings ({@code descr}) and the bitnet dtypes they map to, both ways.
 *
 * @param dtype the bitnet dtype the data is read as
 * @param order the byte order of the data in the file
 * @param numpyName NumPy's name for the type, for messages ({@code float32}, {@code bool})
 */
record NpyDType(DType dtype, ByteOrder order, String numpyName) {

    /**
     * @param descr a descr string from a header
     * @param where the file name and header position, for the message
     * @return the mapping
     * @throws NpyFormatException if bitnet has no dtype for it; the message says how to convert in NumPy
     */
    static NpyDType parse(String descr, String where) {
        if (descr.length() < 2) {
            throw unsupported(descr, where, "it is not a NumPy dtype string");
        }
        char orderChar = descr.charAt(0);
        String kind = descr.substring(1);
        ByteOrder order = switch (orderChar) {
            case '<', '|' -> ByteOrder.LITTLE_ENDIAN;
            case '>' -> ByteOrder.BIG_ENDIAN;
            case '=' -> throw unsupported(descr, where,
                    "native byte order '=' does not say which order the writer's machine had");
            default -> throw unsupported(descr, where, "it is not a NumPy dtype string");
        };
        NpyDType type = switch (kind) {
            case "f4" -> new NpyDType(DType.F32, order, "float32");
            case "f8" -> new NpyDType(DType.F64, order, "float64");
            case "f2" -> new NpyDType(DType.F16, order, "float16");
            case "i4" -> new NpyDType(DType.I32, order, "int32");
            case "i1" -> new NpyDType(DType.I8, order, "int8");
            case "b1" -> new NpyDType(DType.I8, order, "bool");
            // ml_dtypes.bfloat16 is saved by numpy.save as '<V2'; a plain '|V2' is untyped bytes.
            case "V2" -> orderChar == '|' ? null : new NpyDType(DType.BF16, order, "bfloat16");
            default -> null;
        };
        if (type == null) {
            throw unsupported(descr, where, hint(kind));
        }
        return type;
    }

    private static String hint(String kind) {
        return switch (kind.charAt(0)) {
            case 'c' -> "complex numbers have no bitnet dtype; save a.real and a.imag as float32 arrays";
            case 'O' -> "object arrays hold pickled Python objects; save a numeric array instead";
            case 'i' -> "this integer width has no bitnet dtype; save a.astype(numpy.int32) or numpy.int8";
            case 'u' -> "unsigned integers have no bitnet dtype; save a.astype(numpy.int32)";
            case 'V' -> "untyped void data; for bfloat16 save an ml_dtypes.bfloat16 array ('<V2') or float32";
            case 'U', 'S' -> "strings have no bitnet dtype";
            case 'M', 'm' -> "dates and time deltas have no bitnet dtype";
            default -> "supported are float32, float64, float16, int32, int8, bool and bfloat16 ('<V2')";
        };
    }

    private static NpyFormatException unsupported(String descr, String where, String why) {
        return new NpyFormatException(where + ": unsupported dtype '" + descr + "': " + why);
    }

    /** @return bytes per element in the file */
    int itemSize() {
        return dtype.bitsPerElement() / 8;
    }

    /**
     * The descr written for a tensor of {@code dtype}, always little endian.
     *
     * @param dtype the tensor's dtype
     * @param bf16 how BF16 is encoded
     * @return the descr
     */
    static String descrFor(DType dtype, Bf16Encoding bf16) {
        return switch (dtype) {
            case F32 -> "<f4";
            case F64 -> "<f8";
            case F16 -> "<f2";
            case I8 -> "|i1";
            case I32 -> "<i4";
            case BF16 -> bf16 == Bf16Encoding.RAW_V2 ? "<V2" : "<f4";
            // No NumPy dtype packs below a byte: the values (-1..1, -8..7) are written as int8.
            case TERNARY, I4 -> "|i1";
        };
    }
}
