"""A BitNet b1.58 model with the exact shapes of microsoft/bitnet-b1.58-2B-4T and random weights, for speed runs.

The numbers mean nothing; the shapes, tensor types and file layouts are those of the real checkpoint, so the
project and bitnet.cpp can be timed on the same weights (docs/benchmarks.md, "The peer: bitnet.cpp"). It writes two layouts that
hold the same numbers:

- bench-2b4t-i2s.gguf: GGUF v3 as bitnet.cpp writes it (architecture "bitnet-b1.58", file type 40): I2_S
  projections, F32 norms, F16 token_embd, no output.weight (tied), LLaMA-3 tokenizer in tokenizer.ggml.*.
- bench-2b4t-hf/: a Hugging Face folder (config.json as the official one, autobitlinear): model.safetensors with U8
  projections packed [out/4, in] in row blocks, BF16 weight_scale [1] (a multiplier), BF16 embedding and norms,
  tokenizer.json and tokenizer_config.json (LLaMA-3 vocabulary, the 2B4T chat template).

Every number is exact in both layouts: ternary codes are the same, scales and norm weights are BF16 values (exact in
F32), embedding values are BF16 values that are also exact in F16. Generation streams tensor by tensor straight into
both files (peak memory well under 1 GB); the files are then read back and compared tensor by tensor.

Layouts: /work/shared/specs/bitnet-b158-2b4t.md sections 2 and 4 (I2_S: 128-value chunks of 32 bytes, byte j holds
values j, j+32, j+64, j+96 at shifts 6, 4, 2, 0, then a 32-byte tail whose first 4 bytes are the f32 scale);
GGUF container: ggml-org/ggml docs/gguf.md; tokenizer keys as llama.cpp's convert_hf_to_gguf.py writes them for a
GPT-2 style BPE vocabulary (tokens in id order, added special tokens as CONTROL = 3, merges as "a b").

    python3 gen_bench_model.py [OUT_DIR] [--seed 2404] [--tokenizer-dir DIR] [--no-verify] [--verify-only]
"""
import argparse
import hashlib
import json
import math
import os
import shutil
import struct
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

DEFAULT_OUT = Path("/tmp/bitnet-bench")
DEFAULT_TOKENIZER = Path("/work/shared/fixtures/tokenizers/models/llama3")
GGUF_NAME = "bench-2b4t-i2s.gguf"
HF_NAME = "bench-2b4t-hf"

VOCAB, HIDDEN, INTERMEDIATE, LAYERS = 128256, 2560, 6912, 30
HEADS, KV_HEADS, HEAD_DIM = 20, 5, 128
CONTEXT, ROPE_THETA, RMS_EPS = 4096, 500000.0, 1e-5
BOS, EOS, EOT = 128000, 128001, 128009

EMBED_STD = 0.02
NORM_RANGE = (0.5, 1.5)       # norm weights: far enough from 1 that a skipped norm changes the numbers
SCALE_RANGE = (0.5, 1.5)      # weight_scale = U(SCALE_RANGE) / sqrt(2/3 * in): unit-RMS outputs for unit-RMS inputs
EMBED_ROWS_PER_CHUNK = 4096

CHAT_TEMPLATE = ("{% set loop_messages = messages %}{% for message in loop_messages %}{% set content = "
                 "message['role'] | capitalize + ': '+ message['content'] | trim + '<|eot_id|>' %}"
                 "{% if loop.index0 == 0 %}{% set content = bos_token + content %}{% endif %}{{ content }}"
                 "{% endfor %}{% if add_generation_prompt %}{{ 'Assistant: ' }}{% endif %}")

# ggml tensor types (I2_S is bitnet.cpp's), GGUF value types, safetensors dtype sort order
GGML_F32, GGML_F16, GGML_I2_S = 0, 1, 36
GGUF_U32, GGUF_I32, GGUF_F32, GGUF_BOOL, GGUF_STRING, GGUF_ARRAY = 4, 5, 6, 7, 8, 9
GGUF_ALIGNMENT = 32
QK_I2_S = 128
MOSTLY_I2_S = 40
ST_ORDER = {"U8": 4, "BF16": 14}

PROJECTIONS = (  # (HF module, GGUF name, out, in) in the order bitnet.cpp's converter writes a layer
    ("self_attn.q_proj", "attn_q", HEADS * HEAD_DIM, HIDDEN),
    ("self_attn.k_proj", "attn_k", KV_HEADS * HEAD_DIM, HIDDEN),
    ("self_attn.v_proj", "attn_v", KV_HEADS * HEAD_DIM, HIDDEN),
    ("self_attn.o_proj", "attn_output", HIDDEN, HEADS * HEAD_DIM),
    ("mlp.gate_proj", "ffn_gate", INTERMEDIATE, HIDDEN),
    ("mlp.up_proj", "ffn_up", INTERMEDIATE, HIDDEN),
    ("mlp.down_proj", "ffn_down", HIDDEN, INTERMEDIATE),
)


@dataclass(frozen=True)
class Tensor:
    """One tensor of the model. kind: "embed", "norm" or "proj"; shape is the torch shape ([out, in] or [n])."""
    kind: str
    gguf_name: str
    hf_name: str
    shape: tuple

    @property
    def count(self) -> int:
        return math.prod(self.shape)

    def gguf_type(self) -> int:
        return {"embed": GGML_F16, "norm": GGML_F32, "proj": GGML_I2_S}[self.kind]

    def gguf_bytes(self) -> int:
        return {"embed": 2 * self.count, "norm": 4 * self.count, "proj": self.count // 4 + 32}[self.kind]

    def hf_entries(self) -> list:
        """[(name, dtype, shape, bytes)] this tensor becomes in model.safetensors."""
        if self.kind == "proj":
            packed = (self.shape[0] // 4, self.shape[1])
            return [(self.hf_name, "U8", packed, self.count // 4),
                    (self.hf_name + "_scale", "BF16", (1,), 2)]
        return [(self.hf_name, "BF16", self.shape, 2 * self.count)]


def model_tensors() -> list:
    """The 332 tensors in the order of bitnet.cpp's GGUF files."""
    t = [Tensor("embed", "token_embd.weight", "model.embed_tokens.weight", (VOCAB, HIDDEN))]
    for li in range(LAYERS):
        g, h = "blk.%d." % li, "model.layers.%d." % li
        t.append(Tensor("norm", g + "attn_norm.weight", h + "input_layernorm.weight", (HIDDEN,)))
        for hf, gg, out, inp in PROJECTIONS[:4]:
            t.append(Tensor("proj", g + gg + ".weight", h + hf + ".weight", (out, inp)))
        t.append(Tensor("norm", g + "attn_sub_norm.weight", h + "self_attn.attn_sub_norm.weight", (HIDDEN,)))
        t.append(Tensor("norm", g + "ffn_norm.weight", h + "post_attention_layernorm.weight", (HIDDEN,)))
        for hf, gg, out, inp in PROJECTIONS[4:]:
            t.append(Tensor("proj", g + gg + ".weight", h + hf + ".weight", (out, inp)))
        t.append(Tensor("norm", g + "ffn_sub_norm.weight", h + "mlp.ffn_sub_norm.weight", (INTERMEDIATE,)))
    t.append(Tensor("norm", "output_norm.weight", "model.norm.weight", (HIDDEN,)))
    return t


# ---------------------------------------------------------------------------------------------------- numbers

def to_bf16(x: np.ndarray) -> np.ndarray:
    """float32 -> nearest BF16 bit patterns (round half to even); inputs are finite."""
    bits = np.ascontiguousarray(x, dtype=np.float32).view(np.uint32)
    return ((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16).astype("<u2")


def bf16_to_f32(b: np.ndarray) -> np.ndarray:
    return (np.asarray(b, dtype=np.uint32) << 16).view(np.float32)


def embedding_chunk(rng, rows: int) -> tuple:
    """N(0, EMBED_STD) rounded to BF16, with the few values F16 cannot hold exactly (|x| < 2^-17) set to zero.
    Returns (BF16 bits, the same values as F16)."""
    x = bf16_to_f32(to_bf16(rng.standard_normal((rows, HIDDEN), dtype=np.float32) * np.float32(EMBED_STD)))
    h = x.astype("<f2")
    x[h.astype(np.float32) != x] = 0.0
    return to_bf16(x), x.astype("<f2")


def norm_weights(rng, n: int) -> np.ndarray:
    return to_bf16(rng.uniform(*NORM_RANGE, n).astype(np.float32))


def projection(rng, out: int, inp: int) -> tuple:
    """Codes 0/1/2 (= ternary -1/0/+1, each about 1/3) as uint8 [out, in], and the BF16 bits of the scale."""
    codes = rng.integers(0, 3, size=(out, inp), dtype=np.uint8)
    scale = rng.uniform(*SCALE_RANGE) / math.sqrt(2.0 / 3.0 * inp)
    return codes, to_bf16(np.array([scale], dtype=np.float32))


def pack_i2_s(codes: np.ndarray, scale_f32: float) -> np.ndarray:
    """Row-major codes in 128-value chunks of 32 bytes, then the 32-byte tail with the f32 scale first."""
    g = codes.reshape(-1, 4, 32)
    body = (g[:, 0] << 6) | (g[:, 1] << 4) | (g[:, 2] << 2) | g[:, 3]
    tail = np.zeros(32, dtype=np.uint8)
    tail[:4] = np.frombuffer(struct.pack("<f", scale_f32), dtype=np.uint8)
    return np.concatenate([body.reshape(-1), tail])


def unpack_i2_s(data: np.ndarray, shape: tuple) -> tuple:
    n = math.prod(shape)
    body = data[:n // 4].reshape(-1, 32)
    codes = np.stack([(body >> s) & 3 for s in (6, 4, 2, 0)], axis=1)
    return codes.reshape(shape), struct.unpack("<f", data[n // 4:n // 4 + 4].tobytes())[0]


def pack_hf_u8(codes: np.ndarray) -> np.ndarray:
    """[out, in] -> [out/4, in]; byte [r, j] holds rows r, R+r, 2R+r, 3R+r in bits 1:0, 3:2, 5:4, 7:6."""
    r = codes.shape[0] // 4
    packed = codes[:r].copy()
    for i in range(1, 4):
        packed |= codes[i * r:(i + 1) * r] << (2 * i)
    return packed


def unpack_hf_u8(packed: np.ndarray) -> np.ndarray:
    return np.concatenate([(packed >> (2 * i)) & 3 for i in range(4)])


# ---------------------------------------------------------------------------------------------------- tokenizer

def load_tokenizer(folder: Path) -> tuple:
    """(tokens in id order, token types, merges "a b") as convert_hf_to_gguf.py derives them from tokenizer.json."""
    tj = json.loads((folder / "tokenizer.json").read_text(encoding="utf-8"))
    by_id = {i: s for s, i in tj["model"]["vocab"].items()}
    special = set()
    for a in tj["added_tokens"]:
        by_id[a["id"]] = a["content"]
        if a["special"]:
            special.add(a["id"])
    tokens, types = [], []
    for i in range(VOCAB):
        if i in by_id:
            tokens.append(by_id[i])
            types.append(3 if i in special else (4 if i >= len(tj["model"]["vocab"]) else 1))
        else:
            tokens.append("[PAD%d]" % i)
            types.append(4)
    merges = [m if isinstance(m, str) else " ".join(m) for m in tj["model"]["merges"]]
    return tokens, types, merges


# ---------------------------------------------------------------------------------------------------- GGUF

def gguf_string(s: str) -> bytes:
    b = s.encode("utf-8")
    return struct.pack("<Q", len(b)) + b


def gguf_value(vtype: int, value) -> bytes:
    if vtype == GGUF_STRING:
        return gguf_string(value)
    if vtype == GGUF_ARRAY:
        etype, items = value
        if etype == GGUF_I32:
            return struct.pack("<IQ", etype, len(items)) + np.asarray(items, dtype="<i4").tobytes()
        return struct.pack("<IQ", etype, len(items)) + b"".join(gguf_value(etype, v) for v in items)
    return struct.pack({GGUF_U32: "<I", GGUF_I32: "<i", GGUF_F32: "<f", GGUF_BOOL: "<?"}[vtype], value)


def gguf_kvs(tokens: list, types: list, merges: list) -> list:
    a, u32, f32, s = "bitnet-b1.58.", GGUF_U32, GGUF_F32, GGUF_STRING
    return [("general.architecture", s, "bitnet-b1.58"), ("general.name", s, "bench-2b4t (random weights)"),
            ("general.file_type", u32, MOSTLY_I2_S), ("general.quantization_version", u32, 2),
            (a + "vocab_size", u32, VOCAB), (a + "context_length", u32, CONTEXT),
            (a + "embedding_length", u32, HIDDEN), (a + "block_count", u32, LAYERS),
            (a + "feed_forward_length", u32, INTERMEDIATE), (a + "rope.dimension_count", u32, HEAD_DIM),
            (a + "attention.head_count", u32, HEADS), (a + "attention.head_count_kv", u32, KV_HEADS),
            (a + "attention.layer_norm_rms_epsilon", f32, RMS_EPS), (a + "rope.freq_base", f32, ROPE_THETA),
            ("tokenizer.ggml.model", s, "gpt2"), ("tokenizer.ggml.pre", s, "llama-bpe"),
            ("tokenizer.ggml.tokens", GGUF_ARRAY, (s, tokens)),
            ("tokenizer.ggml.token_type", GGUF_ARRAY, (GGUF_I32, types)),
            ("tokenizer.ggml.merges", GGUF_ARRAY, (s, merges)),
            ("tokenizer.ggml.bos_token_id", u32, BOS), ("tokenizer.ggml.eos_token_id", u32, EOS),
            ("tokenizer.ggml.eot_token_id", u32, EOT), ("tokenizer.ggml.add_bos_token", GGUF_BOOL, True),
            ("tokenizer.chat_template", s, CHAT_TEMPLATE)]


def gguf_layout(tensors: list, kvs: list) -> tuple:
    """(header bytes padded to the alignment, data offset of each tensor relative to the end of the header)."""
    out = bytearray(b"GGUF") + struct.pack("<IQQ", 3, len(tensors), len(kvs))
    for key, vtype, value in kvs:
        out += gguf_string(key) + struct.pack("<I", vtype) + gguf_value(vtype, value)
    offsets, offset = [], 0
    for t in tensors:
        dims = list(reversed(t.shape))  # ggml dims are the torch shape reversed
        out += gguf_string(t.gguf_name) + struct.pack("<I", len(dims)) + struct.pack("<%dQ" % len(dims), *dims)
        out += struct.pack("<IQ", t.gguf_type(), offset)
        offsets.append(offset)
        offset += t.gguf_bytes() + (-t.gguf_bytes() % GGUF_ALIGNMENT)
    out += b"\0" * (-len(out) % GGUF_ALIGNMENT)
    return bytes(out), offsets, offset


def read_gguf(path: Path) -> tuple:
    """(kvs {key: value}, tensors {name: (type, torch shape, absolute offset)}) of a GGUF v3 file."""
    with open(path, "rb") as f:
        head = f.read(64 << 20)
    pos = 0

    def take(fmt):
        nonlocal pos
        v = struct.unpack_from(fmt, head, pos)
        pos += struct.calcsize(fmt)
        return v if len(v) > 1 else v[0]

    def string():
        nonlocal pos
        n = take("<Q")
        pos += n
        return head[pos - n:pos].decode("utf-8")

    scalar = {0: "<B", 1: "<b", 2: "<H", 3: "<h", 4: "<I", 5: "<i", 6: "<f", 7: "<?", 10: "<Q", 11: "<q", 12: "<d"}

    def value(vtype):
        if vtype == GGUF_STRING:
            return string()
        if vtype == GGUF_ARRAY:
            etype, n = take("<IQ")
            return [value(etype) for _ in range(n)]
        return take(scalar[vtype])

    if head[:4] != b"GGUF":
        raise ValueError("%s: not a GGUF file" % path)
    pos = 4
    version, n_tensors, n_kvs = take("<IQQ")
    if version != 3:
        raise ValueError("%s: GGUF version %d, expected 3" % (path, version))
    kvs = {}
    for _ in range(n_kvs):
        key = string()
        kvs[key] = value(take("<I"))
    infos = []
    for _ in range(n_tensors):
        name = string()
        dims = [take("<Q") for _ in range(take("<I"))]
        gtype, offset = take("<IQ")
        infos.append((name, gtype, tuple(reversed(dims)), offset))
    alignment = kvs.get("general.alignment", GGUF_ALIGNMENT)
    data = pos + (-pos % alignment)
    return kvs, {n: (g, s, data + o) for n, g, s, o in infos}


# ---------------------------------------------------------------------------------------------------- safetensors

def safetensors_layout(tensors: list) -> tuple:
    """(header bytes, {name: absolute offset}); order as the safetensors library writes: dtype descending, name."""
    entries = [e for t in tensors for e in t.hf_entries()]
    entries.sort(key=lambda e: (-ST_ORDER[e[1]], e[0]))
    header, offset, rel = {"__metadata__": {"format": "pt"}}, 0, {}
    for name, dtype, shape, size in entries:
        header[name] = {"dtype": dtype, "shape": list(shape), "data_offsets": [offset, offset + size]}
        rel[name] = offset
        offset += size
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    head = struct.pack("<Q", len(text)) + text
    return head, {n: len(head) + o for n, o in rel.items()}, len(head) + offset


def read_safetensors(path: Path) -> dict:
    """{name: (dtype, shape, absolute start, absolute end)}; checks that the data is contiguous and complete."""
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
    header.pop("__metadata__", None)
    spans = sorted((v["data_offsets"][0], v["data_offsets"][1], k) for k, v in header.items())
    end = 0
    for start, stop, name in spans:
        if start != end:
            raise ValueError("%s: %s starts at %d, expected %d" % (path, name, start, end))
        end = stop
    if 8 + n + end != path.stat().st_size:
        raise ValueError("%s: data ends at %d, file has %d bytes" % (path, 8 + n + end, path.stat().st_size))
    return {k: (v["dtype"], tuple(v["shape"]), 8 + n + v["data_offsets"][0], 8 + n + v["data_offsets"][1])
            for k, v in header.items()}


# ---------------------------------------------------------------------------------------------------- HF folder

def hf_config() -> dict:
    return {"architectures": ["BitNetForCausalLM"], "attention_bias": False, "attention_dropout": 0.0,
            "bos_token_id": BOS, "eos_token_id": EOS, "hidden_act": "relu2", "hidden_size": HIDDEN,
            "initializer_range": 0.02, "intermediate_size": INTERMEDIATE, "max_position_embeddings": CONTEXT,
            "model_type": "bitnet", "num_attention_heads": HEADS, "num_hidden_layers": LAYERS,
            "num_key_value_heads": KV_HEADS,
            "quantization_config": {"linear_class": "autobitlinear", "quant_method": "bitnet",
                                    "quantization_mode": "offline"},
            "rms_norm_eps": RMS_EPS, "rope_theta": ROPE_THETA, "tie_word_embeddings": True,
            "torch_dtype": "bfloat16", "transformers_version": "4.52.0.dev0", "use_cache": True,
            "vocab_size": VOCAB}


def write_hf_side_files(folder: Path, tokenizer_dir: Path) -> None:
    def dump(name, obj):
        (folder / name).write_text(json.dumps(obj, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    dump("config.json", hf_config())
    dump("generation_config.json", {"_from_model_config": True, "bos_token_id": BOS, "eos_token_id": [EOS, EOT],
                                    "transformers_version": "4.52.0.dev0"})
    shutil.copyfile(tokenizer_dir / "tokenizer.json", folder / "tokenizer.json")
    tc = json.loads((tokenizer_dir / "tokenizer_config.json").read_text(encoding="utf-8"))
    tc.update({"chat_template": CHAT_TEMPLATE, "eos_token": "<|eot_id|>", "model_max_length": CONTEXT})
    dump("tokenizer_config.json", tc)


# ---------------------------------------------------------------------------------------------------- writing

def generate(out: Path, seed: int, tokenizer_dir: Path) -> None:
    tensors = model_tensors()
    tokens, types, merges = load_tokenizer(tokenizer_dir)
    g_head, g_offsets, g_size = gguf_layout(tensors, gguf_kvs(tokens, types, merges))
    s_head, s_offsets, s_size = safetensors_layout(tensors)
    hf_dir = out / HF_NAME
    hf_dir.mkdir(parents=True, exist_ok=True)
    gguf_path, st_path = out / GGUF_NAME, hf_dir / "model.safetensors"
    gfd = os.open(gguf_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    sfd = os.open(st_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        os.ftruncate(gfd, len(g_head) + g_size)
        os.ftruncate(sfd, s_size)
        os.pwrite(gfd, g_head, 0)
        os.pwrite(sfd, s_head, 0)
        for index, t in enumerate(tensors):
            # one generator per tensor: a tensor's numbers depend only on the seed and its index
            rng = np.random.default_rng([seed, index])
            g_at, s_at = len(g_head) + g_offsets[index], s_offsets[t.hf_name]
            if t.kind == "embed":
                for row in range(0, VOCAB, EMBED_ROWS_PER_CHUNK):
                    bf16, f16 = embedding_chunk(rng, min(EMBED_ROWS_PER_CHUNK, VOCAB - row))
                    os.pwrite(gfd, f16.tobytes(), g_at + row * HIDDEN * 2)
                    os.pwrite(sfd, bf16.tobytes(), s_at + row * HIDDEN * 2)
            elif t.kind == "norm":
                w = norm_weights(rng, t.count)
                os.pwrite(gfd, bf16_to_f32(w).astype("<f4").tobytes(), g_at)
                os.pwrite(sfd, w.tobytes(), s_at)
            else:
                codes, scale = projection(rng, *t.shape)
                os.pwrite(gfd, pack_i2_s(codes, float(bf16_to_f32(scale)[0])).tobytes(), g_at)
                os.pwrite(sfd, pack_hf_u8(codes).tobytes(), s_at)
                os.pwrite(sfd, scale.tobytes(), s_offsets[t.hf_name + "_scale"])
    finally:
        os.close(gfd)
        os.close(sfd)
    write_hf_side_files(hf_dir, tokenizer_dir)


# ---------------------------------------------------------------------------------------------------- checking

def check(condition: bool, message: str) -> None:
    if not condition:
        raise SystemExit("check failed: " + message)


def verify(out: Path, tokenizer_dir: Path) -> dict:
    """Reads both layouts back and compares every tensor; returns a few statistics."""
    gguf_path, hf_dir = out / GGUF_NAME, out / HF_NAME
    kvs, g_tensors = read_gguf(gguf_path)
    s_tensors = read_safetensors(hf_dir / "model.safetensors")
    tokens, types, merges = load_tokenizer(tokenizer_dir)
    check(kvs["general.architecture"] == "bitnet-b1.58" and kvs["general.file_type"] == MOSTLY_I2_S, "GGUF header")
    for key, want in (("block_count", LAYERS), ("embedding_length", HIDDEN), ("feed_forward_length", INTERMEDIATE),
                      ("attention.head_count", HEADS), ("attention.head_count_kv", KV_HEADS),
                      ("rope.dimension_count", HEAD_DIM), ("context_length", CONTEXT), ("vocab_size", VOCAB)):
        check(kvs["bitnet-b1.58." + key] == want, key)
    check(kvs["tokenizer.ggml.tokens"] == tokens and kvs["tokenizer.ggml.token_type"] == types, "GGUF tokens")
    check(kvs["tokenizer.ggml.merges"] == merges, "GGUF merges")
    check(kvs["tokenizer.ggml.tokens"][EOT] == "<|eot_id|>" and types[BOS] == 3 and types[1000] == 1, "specials")
    tensors = model_tensors()
    check(len(g_tensors) == 332 and "output.weight" not in g_tensors, "GGUF tensor count")
    check(len(s_tensors) == sum(len(t.hf_entries()) for t in tensors), "safetensors tensor count")
    counts = {}
    for gtype, _, _ in g_tensors.values():
        counts[gtype] = counts.get(gtype, 0) + 1
    check(counts == {GGML_I2_S: 210, GGML_F32: 121, GGML_F16: 1}, "GGUF tensor types %s" % counts)
    g_map = np.memmap(gguf_path, dtype=np.uint8, mode="r")
    s_map = np.memmap(hf_dir / "model.safetensors", dtype=np.uint8, mode="r")
    end = max(g_tensors[t.gguf_name][2] + t.gguf_bytes() for t in tensors)
    check(end <= g_map.size < end + GGUF_ALIGNMENT, "GGUF size %d, last tensor ends at %d" % (g_map.size, end))
    zeros = total = 0
    for t in tensors:
        gtype, gshape, g_at = g_tensors[t.gguf_name]
        check(gtype == t.gguf_type() and gshape == t.shape and g_at % GGUF_ALIGNMENT == 0, t.gguf_name)
        for name, dtype, shape, size in t.hf_entries():
            s = s_tensors[name]
            check(s[0] == dtype and s[1] == shape and s[3] - s[2] == size, name)
        g = g_map[g_at:g_at + t.gguf_bytes()]
        _, _, s_at, s_end = s_tensors[t.hf_name]
        s = s_map[s_at:s_end]
        if t.kind == "embed":
            for row in range(0, VOCAB, EMBED_ROWS_PER_CHUNK):
                a, b = row * HIDDEN * 2, min(row + EMBED_ROWS_PER_CHUNK, VOCAB) * HIDDEN * 2
                f16 = g[a:b].view("<f2").astype(np.float32)
                check(np.array_equal(f16, bf16_to_f32(s[a:b].view("<u2"))), "%s rows %d.." % (t.gguf_name, row))
            sample = g[:EMBED_ROWS_PER_CHUNK * HIDDEN * 2].view("<f2").astype(np.float64)
            embed_std = float(sample.std())
        elif t.kind == "norm":
            check(np.array_equal(g.view("<f4"), bf16_to_f32(s.view("<u2"))), t.gguf_name)
        else:
            codes, scale = unpack_i2_s(g, t.shape)
            check(np.array_equal(codes, unpack_hf_u8(s.reshape(t.shape[0] // 4, t.shape[1]))), t.gguf_name + " codes")
            check(codes.max() <= 2, t.gguf_name + " has code 3")
            _, _, w_at, w_end = s_tensors[t.hf_name + "_scale"]
            check(scale == float(bf16_to_f32(s_map[w_at:w_end].view("<u2"))[0]) and scale > 0, t.gguf_name + " scale")
            zeros += int(np.count_nonzero(codes == 1))
            total += codes.size
    check(0.32 < zeros / total < 0.34, "zero fraction %.4f" % (zeros / total))
    check(0.019 < embed_std < 0.021, "embedding std %.4f" % embed_std)
    config = json.loads((hf_dir / "config.json").read_text())
    check(config["quantization_config"]["linear_class"] == "autobitlinear" and config["tie_word_embeddings"], "config")
    return {"zero_fraction": zeros / total, "embed_std": embed_std}


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 24):
            h.update(chunk)
    return h.hexdigest()


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("out", nargs="?", type=Path, default=DEFAULT_OUT, help="output folder (default %(default)s)")
    p.add_argument("--seed", type=int, default=2404)
    p.add_argument("--tokenizer-dir", type=Path, default=DEFAULT_TOKENIZER,
                   help="folder with the LLaMA-3 tokenizer.json and tokenizer_config.json (default %(default)s)")
    p.add_argument("--no-verify", action="store_true", help="skip reading the files back")
    p.add_argument("--verify-only", action="store_true", help="only read existing files back and compare them")
    p.add_argument("--sha256", action="store_true", help="print the SHA-256 of both weight files")
    args = p.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    if not args.verify_only:
        start = time.perf_counter()
        generate(args.out, args.seed, args.tokenizer_dir)
        print("generated in %.1f s (seed %d)" % (time.perf_counter() - start, args.seed))
    files = [args.out / GGUF_NAME, args.out / HF_NAME / "model.safetensors"]
    for f in files:
        print("%-60s %14d bytes (%.1f MiB)" % (f, f.stat().st_size, f.stat().st_size / 2**20))
    if not args.no_verify:
        start = time.perf_counter()
        stats = verify(args.out, args.tokenizer_dir)
        print("verified in %.1f s: both layouts hold the same numbers; zero fraction %.4f, embedding std %.4f"
              % (time.perf_counter() - start, stats["zero_fraction"], stats["embed_std"]))
    if args.sha256:
        for f in files:
            print(sha256(f), f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
