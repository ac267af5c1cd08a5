"""Writers for the checkpoint layouts of the tiny models: safetensors, GGUF v3, and the ternary packings.

Sources read (not copied):
- safetensors: huggingface/safetensors `safetensors/src/tensor.rs` (`prepare`, `Metadata::validate`): u64 LE header
  length, compact JSON header padded with spaces to a multiple of 8, tensors sorted by descending dtype then name,
  contiguous `data_offsets` relative to the end of the header that cover the whole buffer.
- GGUF: ggml-org/ggml `docs/gguf.md`: magic "GGUF", u32 version 3, u64 tensor count, u64 KV count, KVs (u64-length
  strings), tensor infos (name, u32 n_dims, u64 ne[] innermost first, u32 type, u64 offset relative to the data
  section), zero padding to general.alignment (32), each tensor's data at an aligned offset.
- HF U8 packing: spec section 2.1 (transformers `integrations/bitnet.py` pack_weights): row blocks of out/4.
- I2_S: microsoft/BitNet `src/ggml-bitnet-mad.cpp` `quantize_i2_s` (x86, ACT_PARALLEL, QK_I2_S = 128) and
  `utils/convert-hf-to-gguf-bitnet.py` `quantize_to_i2_s`.
- TQ1_0 / TQ2_0 / Q8_0: ggml-org/ggml `src/ggml-common.h` (block_tq1_0, block_tq2_0, block_q8_0) and
  `src/ggml-quants.c` (quantize_row_tq1_0_ref, quantize_row_tq2_0_ref, quantize_row_q8_0_ref).
"""

from __future__ import annotations

import json
import struct

import numpy as np

# ggml tensor types (ggml.h; I2_S is bitnet.cpp's fork, where TQ1_0/TQ2_0 keep upstream's 34/35)
F32, F16, Q8_0, BF16, TQ1_0, TQ2_0, I2_S = 0, 1, 8, 30, 34, 35, 36

QK_K = 256
QK8_0 = 32
QK_I2_S = 128


# ---------------------------------------------------------------------------------------------------- scalars

def bf16_bits(values) -> np.ndarray:
    """BF16 bit patterns of values that must already be exactly representable in BF16."""
    f32 = np.asarray(values, dtype=np.float32)
    if not np.array_equal(f32.astype(np.float64), np.asarray(values, dtype=np.float64)):
        raise ValueError("values are not float32-exact")
    bits = f32.view(np.uint32)
    if np.any(bits & 0xFFFF):
        raise ValueError("values are not BF16-exact")
    return (bits >> 16).astype("<u2")


def f16_exact(values) -> np.ndarray:
    v = np.asarray(values, dtype=np.float64)
    h = v.astype("<f2")
    if not np.array_equal(h.astype(np.float64), v):
        raise ValueError("values are not F16-exact")
    return h


def f32_exact(values) -> np.ndarray:
    v = np.asarray(values, dtype=np.float64)
    f = v.astype("<f4")
    if not np.array_equal(f.astype(np.float64), v):
        raise ValueError("values are not F32-exact")
    return f


def codes(ternary: np.ndarray) -> np.ndarray:
    """-1/0/+1 -> 0/1/2, the code every ternary layout here uses."""
    t = np.asarray(ternary)
    if t.min() < -1 or t.max() > 1:
        raise ValueError("not ternary")
    return (t.astype(np.int16) + 1).astype(np.uint8)


# ---------------------------------------------------------------------------------------------------- packings

def pack_hf_u8(ternary: np.ndarray) -> np.ndarray:
    """[out, in] -> U8 [out/4, in]; byte [r, j] holds rows r, R+r, 2R+r, 3R+r in bits 1:0, 3:2, 5:4, 7:6."""
    c = codes(ternary)
    out = c.shape[0]
    if out % 4:
        raise ValueError("out must be a multiple of 4")
    r = out // 4
    packed = np.zeros((r, c.shape[1]), dtype=np.uint8)
    for i in range(4):
        packed |= c[i * r:(i + 1) * r] << (2 * i)
    return packed


def pack_i2_s(ternary: np.ndarray, scale: float) -> bytes:
    """Row-major [out][in] codes in 128-value chunks of 32 bytes (byte j: values j, j+32, j+64, j+96 at shifts
    6, 4, 2, 0), then a 32-byte tail whose first 4 bytes are the f32 multiplicative scale: n/4 + 32 bytes."""
    c = codes(ternary).reshape(-1)
    if c.size % QK_I2_S:
        raise ValueError("I2_S needs a multiple of 128 values")
    g = c.reshape(-1, 4, 32)
    body = (g[:, 0] << 6) | (g[:, 1] << 4) | (g[:, 2] << 2) | g[:, 3]
    tail = np.zeros(32, dtype=np.uint8)
    tail[:4] = np.frombuffer(f32_exact([scale]).tobytes(), dtype=np.uint8)
    return body.astype(np.uint8).tobytes() + tail.tobytes()


def _block_d(block: np.ndarray, scale: float) -> np.ndarray:
    # quantize_row_tq*_ref: d = max|x| of the block, i.e. the tensor scale unless the block is all zeros
    return f16_exact([scale if np.any(block) else 0.0])


def pack_tq2_0(ternary: np.ndarray, scale: float) -> bytes:
    """block_tq2_0 per 256 values: qs[64] then f16 d (66 bytes). In each 128-value half, qs byte m holds values
    m, m+32, m+64, m+96 at shifts 0, 2, 4, 6."""
    t = np.asarray(ternary).reshape(-1)
    if t.size % QK_K or ternary.shape[-1] % QK_K:
        raise ValueError("TQ2_0 needs rows that are multiples of 256")
    out = bytearray()
    for block in t.reshape(-1, QK_K):
        c = codes(block).reshape(2, 4, 32)
        qs = c[:, 0] | (c[:, 1] << 2) | (c[:, 2] << 4) | (c[:, 3] << 6)
        out += qs.astype(np.uint8).tobytes() + _block_d(block, scale).tobytes()
    return bytes(out)


def _pack_trits(digits: np.ndarray) -> np.ndarray:
    """Base-3 number (first digit most significant, 5 digits) -> ceil(q * 256 / 243), as in ggml."""
    q = np.zeros(digits.shape[1:], dtype=np.int32)
    for d in digits:
        q = q * 3 + d
    return ((q * 256 + 242) // 243).astype(np.uint8)


def pack_tq1_0(ternary: np.ndarray, scale: float) -> bytes:
    """block_tq1_0 per 256 values: qs[48], qh[4], f16 d (54 bytes).
    qs[0:32]: byte m = trits of values m + 32n (n = 0..4), qs[32:48]: byte m = values 160 + m + 16n,
    qh[0:4]: byte j = values 240 + j + 4m (m = 0..3) and a zero fifth trit; each byte = ceil(base3 * 256 / 243)."""
    t = np.asarray(ternary).reshape(-1)
    if t.size % QK_K or ternary.shape[-1] % QK_K:
        raise ValueError("TQ1_0 needs rows that are multiples of 256")
    out = bytearray()
    for block in t.reshape(-1, QK_K):
        c = codes(block).astype(np.int32)
        qs0 = _pack_trits(c[:160].reshape(5, 32))
        qs1 = _pack_trits(c[160:240].reshape(5, 16))
        qh_digits = np.concatenate([c[240:256].reshape(4, 4), np.zeros((1, 4), dtype=np.int32)])
        qh = _pack_trits(qh_digits)
        out += qs0.tobytes() + qs1.tobytes() + qh.tobytes() + _block_d(block, scale).tobytes()
    return bytes(out)


def pack_q8_0(ternary: np.ndarray, scale: float) -> bytes:
    """block_q8_0 per 32 values: f16 d then int8 qs[32] (34 bytes), as quantize_row_q8_0_ref makes it from
    W = T * scale: d = max|W| / 127, q = round(W / d) = 127 T. Exact only when scale / 127 is F16-exact."""
    t = np.asarray(ternary).reshape(-1)
    if t.size % QK8_0:
        raise ValueError("Q8_0 needs a multiple of 32 values")
    d = f16_exact([scale / 127.0])
    out = bytearray()
    for block in t.reshape(-1, QK8_0):
        bd = d if np.any(block) else np.zeros(1, dtype="<f2")
        out += bd.tobytes() + (block.astype(np.int8) * np.int8(127)).tobytes()
    return bytes(out)


# ---------------------------------------------------------------------------------------------------- safetensors

_ST_ORDER = {"BOOL": 0, "U8": 4, "I8": 5, "I16": 11, "U16": 12, "F16": 13, "BF16": 14, "I32": 15, "U32": 16,
             "F32": 17, "F64": 18, "I64": 19, "U64": 20}


def safetensors_bytes(tensors: dict) -> bytes:
    """tensors: name -> (dtype name, shape, raw little-endian bytes)."""
    names = sorted(tensors, key=lambda n: (-_ST_ORDER[tensors[n][0]], n))
    header = {"__metadata__": {"format": "pt"}}
    offset = 0
    for name in names:
        dtype, shape, data = tensors[name]
        header[name] = {"dtype": dtype, "shape": list(shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + b"".join(tensors[n][2] for n in names)


# ---------------------------------------------------------------------------------------------------- GGUF

GGUF_UINT32, GGUF_INT32, GGUF_FLOAT32, GGUF_BOOL, GGUF_STRING, GGUF_ARRAY = 4, 5, 6, 7, 8, 9
_SCALAR = {GGUF_UINT32: "<I", GGUF_INT32: "<i", GGUF_FLOAT32: "<f", GGUF_BOOL: "<?"}


def _gguf_string(s: str) -> bytes:
    b = s.encode("utf-8")
    return struct.pack("<Q", len(b)) + b


def _gguf_value(vtype: int, value) -> bytes:
    if vtype == GGUF_STRING:
        return _gguf_string(value)
    if vtype == GGUF_ARRAY:
        etype, items = value
        return struct.pack("<IQ", etype, len(items)) + b"".join(_gguf_value(etype, v) for v in items)
    return struct.pack(_SCALAR[vtype], value)


def gguf_bytes(kvs: list, tensors: list, alignment: int = 32) -> bytes:
    """kvs: [(key, value type, value)], arrays as (GGUF_ARRAY, (element type, [values]));
    tensors: [(name, torch shape, ggml type, raw bytes)]; ggml dims are the torch shape reversed."""
    out = bytearray(b"GGUF")
    out += struct.pack("<IQQ", 3, len(tensors), len(kvs))
    for key, vtype, value in kvs:
        out += _gguf_string(key) + struct.pack("<I", vtype) + _gguf_value(vtype, value)
    offset = 0
    for name, shape, gtype, data in tensors:
        dims = list(reversed(shape))
        out += _gguf_string(name) + struct.pack("<I", len(dims)) + struct.pack("<%dQ" % len(dims), *dims)
        out += struct.pack("<IQ", gtype, offset)
        offset += len(data) + (-len(data) % alignment)
    out += b"\0" * (-len(out) % alignment)
    for _, _, _, data in tensors:
        out += data + b"\0" * (-len(data) % alignment)
    return bytes(out)
