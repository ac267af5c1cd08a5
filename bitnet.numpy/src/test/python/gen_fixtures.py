#!/usr/bin/env python3
"""Writes the small .npy/.npz files that bitnet.numpy's unit tests read, with NumPy itself.

Every array holds the value formula of its dtype at flat C-order index i, so the Java tests recompute the
expected values instead of storing them twice:
  float: i * 0.25 - 1        int8: (i * 7) % 256 - 128        int32: i * 100003 - 500000        bool: i % 3 == 0

Run from the repository root:  python3 bitnet.numpy/src/test/python/gen_fixtures.py
Needs numpy; the bfloat16 fixture also needs ml_dtypes (pip install ml_dtypes).
"""
import io
import os
import warnings
import zipfile

import numpy as np
import numpy.lib.format as fmt

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "npy")


def values(shape, dtype):
    n = int(np.prod(shape, dtype=np.int64))
    i = np.arange(n, dtype=np.int64)
    kind = np.dtype(dtype).kind
    if kind == "f" or np.dtype(dtype).name == "bfloat16":
        v = (i * 0.25 - 1).astype(np.float64)
    elif kind == "b":
        v = i % 3 == 0
    elif np.dtype(dtype).itemsize == 1:
        v = (i * 7) % 256 - 128
    else:
        v = i * 100003 - 500000
    return v.astype(dtype).reshape(shape)


def entry(name):
    # A fixed timestamp keeps regenerated archives byte-identical.
    return zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))


def save(name, array, version=None):
    path = os.path.join(OUT, name)
    with open(path, "wb") as f:
        if version is None:
            np.save(f, array)
        else:
            fmt.write_array(f, array, version=version)


def main():
    os.makedirs(OUT, exist_ok=True)
    save("f32_3x4.npy", values((3, 4), "<f4"))
    save("f32_scalar.npy", values((), "<f4"))
    save("f32_empty.npy", values((0,), "<f4"))
    save("f32_empty_0x3.npy", values((0, 3), "<f4"))
    save("f32_one.npy", values((1,), "<f4"))
    save("f32_3x5x7.npy", values((3, 5, 7), "<f4"))
    save("f32_be_3x5x7.npy", values((3, 5, 7), ">f4"))
    save("f32_fortran_3x5x7.npy", np.asfortranarray(values((3, 5, 7), "<f4")))
    save("f64_be_fortran_4x3.npy", np.asfortranarray(values((4, 3), ">f8")))
    save("f64_5.npy", values((5,), "<f8"))
    save("f16_2x3.npy", values((2, 3), "<f2"))
    save("f16_be_2x3.npy", values((2, 3), ">f2"))
    save("i8_17.npy", values((17,), "i1"))
    save("i32_be_2x5.npy", values((2, 5), ">i4"))
    save("i32_fortran_2x3x2.npy", np.asfortranarray(values((2, 3, 2), "<i4")))
    save("bool_7.npy", values((7,), "?"))
    save("f32_v2_3x4.npy", values((3, 4), "<f4"), version=(2, 0))
    save("f32_v3_3x4.npy", values((3, 4), "<f4"), version=(3, 0))
    special = np.array([np.nan, np.inf, -np.inf, -0.0, 1e-45, np.finfo(np.float32).max], dtype="<f4")
    save("f32_special.npy", special)
    try:
        import ml_dtypes
        save("bf16_2x3.npy", values((2, 3), ml_dtypes.bfloat16))
    except ImportError:
        print("ml_dtypes missing: bf16_2x3.npy not regenerated")
    # Unsupported dtypes: the reader must refuse them with a clear message.
    save("c8_3.npy", np.array([1 + 2j, 3, 4j], dtype="<c8"))
    save("i64_3.npy", np.arange(3, dtype="<i8"))
    save("u1_3.npy", np.arange(3, dtype="u1"))
    with open(os.path.join(OUT, "object_2.npy"), "wb") as f:
        np.save(f, np.array([{"a": 1}, None], dtype=object), allow_pickle=True)
    save("structured_2.npy", np.zeros(2, dtype=[("x", "<f4"), ("y", "<i4")]))
    # Two arrays one after another in one file, as np.save(f, a); np.save(f, b) leaves them.
    with open(os.path.join(OUT, "two_arrays.npy"), "wb") as f:
        np.save(f, values((2, 2), "<f4"))
        np.save(f, values((3,), "<i4"))
    arrays = {"x": values((3, 4), "<f4"), "idx": values((5,), "<i4"), "empty": values((0, 3), "<f4"),
              "mask": values((2, 3), "?"), "s": values((), "<f8")}
    np.savez(os.path.join(OUT, "arrays.npz"), **arrays)
    np.savez_compressed(os.path.join(OUT, "arrays_compressed.npz"), **arrays)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(entry("x.npy"), b"")
        z.writestr(entry("notes.txt"), b"not an array")
    with open(os.path.join(OUT, "not_only_npy.npz"), "wb") as f:
        f.write(buf.getvalue())
    buf = io.BytesIO()
    one = io.BytesIO()
    np.save(one, values((2,), "<f4"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate name, which is the point
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr(entry("x.npy"), one.getvalue())
            z.writestr(entry("x.npy"), one.getvalue())
    with open(os.path.join(OUT, "duplicate_entry.npz"), "wb") as f:
        f.write(buf.getvalue())


if __name__ == "__main__":
    main()
