package bitnet.api.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;

import org.osgi.annotation.versioning.ProviderType;

import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;
import bitnet.api.tensor.UnsupportedDTypeException;

/**
 * Reads and writes tensors as NumPy {@code .npy} files and {@code .npz} archives, a service.
 *
 * <p><b>Dtypes.</b> Read: {@code '<f4'}/{@code '>f4'} as F32, {@code '<f8'}/{@code '>f8'} as F64,
 * {@code '<f2'}/{@code '>f2'} as F16, {@code '|i1'} (also {@code '<i1'}, {@code '>i1'}) as I8, booleans
 * {@code '|b1'} as I8 (0 and 1), {@code '<i4'}/{@code '>i4'} as I32 and {@code '<V2'} as BF16 (see
 * {@link Bf16Encoding}). Every other dtype (complex {@code '<c8'}, object {@code '|O'}, int64, unsigned and
 * structured types, native-order {@code '='}) is refused with a {@link NpyFormatException} that names it and
 * says how to convert it in NumPy. Written: {@code '<f4'}, {@code '<f8'}, {@code '<f2'}, {@code '|i1'},
 * {@code '<i4'}, and for BF16 what the {@link Bf16Encoding} says. {@code TERNARY} and {@code I4} have no NumPy
 * form: their values (-1..1, -8..7) are written as {@code '|i1'}, and {@link #readNpy(Path, DType)} reads them back.
 *
 * <p><b>Layout.</b> Big-endian data is byte-swapped and Fortran-order data is transposed while reading, so a
 * returned tensor is always contiguous, row-major and in native byte order. Writing always produces C order and
 * little-endian data; a non-contiguous tensor (a transposed or sliced view) is written through
 * {@link Tensor#contiguous()}, so the file holds the elements as the view shows them.
 *
 * <p><b>Format versions.</b> Versions 1.0, 2.0 and 3.0 are read (3.0 headers are UTF-8, the others Latin-1).
 * Version 1.0 is written unless the header needs more than 65535 bytes, then 2.0. Like NumPy, the writer pads
 * the header with spaces and a newline so that the data starts at a multiple of 64 bytes.
 *
 * <p><b>Ownership and failure.</b> Returned tensors are owned by the caller and must be closed. A read that
 * fails frees whatever it allocated, so a failed read leaks no pool memory. Files are read fully; a file whose
 * data is shorter than its header declares is refused before any tensor memory is taken.
 *
 * <p><b>Threading.</b> Implementations are thread-safe; concurrent calls on different files are independent.
 */
@ProviderType
public interface TensorIO {

    /**
     * Reads one {@code .npy} file.
     *
     * @param file the file
     * @return a new contiguous tensor owned by the caller
     * @throws NpyFormatException if the file is malformed, truncated, holds an unsupported dtype, or has bytes
     *         after the array's data (several arrays saved one after another: read them with
     *         {@link #readNpy(InputStream, String)})
     * @throws IOException if the file cannot be read
     */
    Tensor readNpy(Path file) throws IOException;

    /**
     * Reads one {@code .npy} file as {@code dtype}. {@link DType#TERNARY} and {@link DType#I4}, which NumPy files
     * hold as integers, need an integer file whose every value lies in their range (-1..1, -8..7); other dtypes
     * are converted as {@link Tensor#to(DType)} converts.
     *
     * @param file the file
     * @param dtype the dtype of the returned tensor
     * @return a new contiguous tensor owned by the caller
     * @throws NpyFormatException as {@link #readNpy(Path)}, and if a TERNARY or I4 read meets a floating file or a
     *         value out of range (the message names the first such element)
     * @throws IOException if the file cannot be read
     */
    Tensor readNpy(Path file, DType dtype) throws IOException;

    /**
     * Reads exactly one array from a stream and leaves the stream just after its data, so that arrays saved
     * one after another into one file can be read in turn. The stream is not closed.
     *
     * @param in the stream, positioned at the magic string
     * @param name the name used in error messages, for example the file name
     * @return a new contiguous tensor owned by the caller
     * @throws NpyFormatException if the array is malformed, truncated or of an unsupported dtype
     * @throws IOException if reading fails
     */
    Tensor readNpy(InputStream in, String name) throws IOException;

    /**
     * Reads only the header of a {@code .npy} file; no tensor memory is taken.
     *
     * @param file the file
     * @return what the file declares
     * @throws NpyFormatException if the header is malformed or declares an unsupported dtype
     * @throws IOException if the file cannot be read
     */
    NpyHeader readNpyHeader(Path file) throws IOException;

    /**
     * Writes a tensor as a {@code .npy} file (version 1.0, C order, little endian), replacing the file. BF16 is
     * written as {@link Bf16Encoding#FLOAT32}.
     *
     * @param file the file to create or replace
     * @param tensor the tensor; any layout; not closed by this call
     * @throws UnsupportedDTypeException if the tensor is {@code TERNARY}, which NumPy cannot represent
     * @throws IOException if writing fails; a partly written file is deleted
     */
    void writeNpy(Path file, Tensor tensor) throws IOException;

    /**
     * Writes a tensor as a {@code .npy} file, choosing how BF16 is encoded.
     *
     * @param file the file to create or replace
     * @param tensor the tensor; any layout; not closed by this call
     * @param bf16 how a BF16 tensor is encoded; ignored for other dtypes
     * @throws UnsupportedDTypeException if the tensor is {@code TERNARY}
     * @throws IOException if writing fails; a partly written file is deleted
     */
    void writeNpy(Path file, Tensor tensor, Bf16Encoding bf16) throws IOException;

    /**
     * Writes a tensor in {@code .npy} form to a stream, which is flushed but not closed.
     *
     * @param out the stream
     * @param tensor the tensor; any layout; not closed by this call
     * @param bf16 how a BF16 tensor is encoded; ignored for other dtypes
     * @throws UnsupportedDTypeException if the tensor is {@code TERNARY}
     * @throws IOException if writing fails
     */
    void writeNpy(OutputStream out, Tensor tensor, Bf16Encoding bf16) throws IOException;

    /**
     * Reads every array of a {@code .npz} archive (a zip of {@code .npy} files, stored or deflated, as
     * {@code numpy.savez} and {@code numpy.savez_compressed} write them).
     *
     * @param file the archive
     * @return the arrays in archive order, keyed by entry name without the {@code .npy} suffix (as
     *         {@code numpy.load} names them); every tensor is owned by the caller
     * @throws NpyFormatException if the file is not a zip, an entry is not a {@code .npy} file, or an entry is
     *         malformed; tensors read before the failure are closed
     * @throws IOException if the file cannot be read
     */
    SequencedMap<String, Tensor> readNpz(Path file) throws IOException;

    /**
     * Reads the header of every array of a {@code .npz} archive; no tensor memory is taken.
     *
     * @param file the archive
     * @return one header per entry, in archive order; each header's name is {@code archive.npz/entry.npy}, as in
     *         error messages
     * @throws NpyFormatException if the file is not a zip or an entry's header is malformed
     * @throws IOException if the file cannot be read
     */
    List<NpyHeader> readNpzHeaders(Path file) throws IOException;

    /**
     * Writes tensors as an uncompressed {@code .npz} archive, as {@code numpy.savez} does. Entry {@code key}
     * becomes {@code key.npy}; BF16 is written as {@link Bf16Encoding#FLOAT32}.
     *
     * @param file the archive to create or replace
     * @param arrays names and tensors, written in iteration order; tensors are not closed
     * @throws IllegalArgumentException if a name is empty or contains {@code '/'} or {@code '\\'}
     * @throws UnsupportedDTypeException if a tensor is {@code TERNARY}
     * @throws IOException if writing fails; a partly written file is deleted
     */
    void writeNpz(Path file, Map<String, Tensor> arrays) throws IOException;

    /**
     * Writes tensors as a {@code .npz} archive.
     *
     * @param file the archive to create or replace
     * @param arrays names and tensors, written in iteration order; tensors are not closed
     * @param compress true to deflate entries (as {@code numpy.savez_compressed}), false to store them
     * @param bf16 how BF16 tensors are encoded
     * @throws IllegalArgumentException if a name is empty or contains {@code '/'} or {@code '\\'}
     * @throws UnsupportedDTypeException if a tensor is {@code TERNARY}
     * @throws IOException if writing fails; a partly written file is deleted
     */
    void writeNpz(Path file, Map<String, Tensor> arrays, boolean compress, Bf16Encoding bf16) throws IOException;
}
