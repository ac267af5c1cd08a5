package bitnet.numpy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import bitnet.api.io.NpyFormatException;
import bitnet.api.io.NpyHeader;

/** Reads and writes the header of a {@code .npy} array: magic string, version, length, dict literal. */
final class NpyHeaders {
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** NumPy aligns the start of the data to this many bytes so that memory maps of any dtype are aligned. */
    static final int ALIGN = 64;
    /** NumPy leaves room for the growing axis' extent to reach 21 digits, so headers can be rewritten in place. */
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;
    /** Far above any header NumPy writes for a supported dtype; guards against allocating for a corrupt length. */
    private static final long MAX_HEADER_LENGTH = 1 << 20;

    private NpyHeaders() {
    }

    /**
     * Reads a header and leaves the stream at the first data byte.
     *
     * @param in the stream, at the magic string
     * @param name file or entry name for messages
     * @return the header
     * @throws NpyFormatException if the header is malformed or its dtype unsupported
     * @throws IOException if reading fails
     */
    static NpyHeader read(InputStream in, String name) throws IOException {
        byte[] start = in.readNBytes(8);
        checkMagic(start, name);
        int major = start[6] & 0xff;
        int minor = start[7] & 0xff;
        if (major < 1 || major > 3 || minor != 0) {
            throw new NpyFormatException(name + ": unsupported .npy format version " + major + "." + minor
                    + "; bitnet reads versions 1.0, 2.0 and 3.0");
        }
        int lengthBytes = major == 1 ? 2 : 4;
        byte[] lengthField = in.readNBytes(lengthBytes);
        if (lengthField.length < lengthBytes) {
            throw new NpyFormatException(name + ": file ends inside the header length field (version " + major
                    + ".0 needs " + lengthBytes + " bytes after the version)");
        }
        ByteBuffer lb = ByteBuffer.wrap(lengthField).order(ByteOrder.LITTLE_ENDIAN);
        long length = major == 1 ? lb.getShort() & 0xffffL : lb.getInt() & 0xffffffffL;
        if (length > MAX_HEADER_LENGTH) {
            throw new NpyFormatException(name + ": header length field says " + length
                    + " bytes, more than the " + MAX_HEADER_LENGTH + " any supported array needs; the file is corrupt");
        }
        byte[] dictBytes = in.readNBytes((int) length);
        if (dictBytes.length < length) {
            throw new NpyFormatException(name + ": header length field says " + length
                    + " bytes but the file ends after " + dictBytes.length + " header bytes");
        }
        HeaderDict dict = HeaderDict.parse(decode(dictBytes, major, name), name);
        NpyDType type = NpyDType.parse(dict.descr(), name);
        long dataBytes;
        try {
            long size = 1;
            for (long d : dict.shape()) {
                size = Math.multiplyExact(size, d);
            }
            dataBytes = Math.multiplyExact(size, (long) type.itemSize());
        } catch (ArithmeticException e) {
            throw new NpyFormatException(name + ": shape " + tuple(dict.shape()) + " holds more bytes than a long counts");
        }
        return new NpyHeader(name, major, minor, dict.descr(), type.dtype(), type.order(), dict.fortranOrder(),
                dict.shape(), 8 + lengthBytes + length, dataBytes);
    }

    private static void checkMagic(byte[] start, String name) {
        for (int i = 0; i < Math.min(start.length, MAGIC.length); i++) {
            if (start[i] != MAGIC[i]) {
                boolean zip = start.length >= 2 && start[0] == 'P' && start[1] == 'K';
                throw new NpyFormatException(name + ": not a .npy file: it starts with bytes "
                        + HexFormat.ofDelimiter(" ").formatHex(start, 0, Math.min(start.length, 6))
                        + " instead of the magic string \\x93NUMPY"
                        + (zip ? "; it looks like a zip archive, read it as .npz" : ""));
            }
        }
        if (start.length < 8) {
            throw new NpyFormatException(name + ": file is " + start.length
                    + " bytes long, too short for the magic string and version (8 bytes)");
        }
    }

    private static String decode(byte[] bytes, int major, String name) {
        if (major < 3) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new NpyFormatException(name + ": version 3.0 header is not valid UTF-8", e);
        }
    }

    /**
     * Encodes a header exactly as {@code numpy.save} does: sorted keys, growth padding, spaces and a newline up
     * to a multiple of {@link #ALIGN}; version 1.0 unless the header needs a 4-byte length, then 2.0.
     *
     * @param descr the dtype string
     * @param shape the shape (C order)
     * @return the header bytes, magic string included
     */
    static byte[] encode(String descr, long[] shape) {
        StringBuilder dict = new StringBuilder("{'descr': '").append(descr)
                .append("', 'fortran_order': False, 'shape': ").append(tuple(shape)).append(", }");
        if (shape.length > 0) {
            dict.repeat(' ', GROWTH_AXIS_MAX_DIGITS - Long.toString(shape[0]).length());
        }
        byte[] text = dict.toString().getBytes(StandardCharsets.ISO_8859_1);
        int hlen = text.length + 1;
        int major = hlen + ALIGN - (10 + hlen) % ALIGN <= 0xffff ? 1 : 2;
        int prefix = MAGIC.length + 2 + (major == 1 ? 2 : 4);
        int pad = ALIGN - (prefix + hlen) % ALIGN;
        ByteBuffer out = ByteBuffer.allocate(prefix + hlen + pad).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) major).put((byte) 0);
        if (major == 1) {
            out.putShort((short) (hlen + pad));
        } else {
            out.putInt(hlen + pad);
        }
        out.put(text);
        for (int i = 0; i < pad; i++) {
            out.put((byte) ' ');
        }
        out.put((byte) '\n');
        return out.array();
    }

    /**
     * @param shape a shape
     * @return it as Python prints a tuple: {@code ()}, {@code (5,)}, {@code (3, 4)}
     */
    static String tuple(long[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return sb.append(')').toString();
    }
}
