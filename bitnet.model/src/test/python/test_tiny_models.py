#!/usr/bin/env python3
"""Checks the tiny checkpoints in bitnet.model/src/test/resources/tiny/ with readers and decoders of its own.

    python3 bitnet.model/src/test/python/test_tiny_models.py

The readers and decoders below are written from the format descriptions (safetensors `tensor.rs`; ggml `docs/gguf.md`,
`dequantize_row_tq1_0`, `dequantize_row_tq2_0`, `dequantize_row_q8_0`; bitnet.cpp's I2_S byte layout; spec 2.1),
not from tiny_formats.py. Each file is parsed, every tensor decoded and compared with the generator's intended
arrays, the decoded model is run through reference.py and must give the stored reference logits and greedy ids,
and a second generation run must reproduce every file byte for byte.
"""

from __future__ import annotations

import json
import os
import struct
import tempfile
import unittest
from dataclasses import replace
from pathlib import Path

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import jinja2.sandbox  # noqa: E402
import numpy as np  # noqa: E402

import gen_tiny_models as gen  # noqa: E402
import reference as ref  # noqa: E402
from tiny_tokenizer import Tokenizer  # noqa: E402

TINY = gen.DEFAULT_OUT


# ---------------------------------------------------------------------------------------------------- readers

ST_BITS = {"U8": 8, "BF16": 16, "F16": 16, "F32": 32}


def read_safetensors(path: Path) -> dict:
    """name -> (dtype, shape, bytes); checks the header rules of safetensors' Metadata::validate."""
    raw = path.read_bytes()
    (n,) = struct.unpack_from("<Q", raw, 0)
    assert n % 8 == 0, "header length %d is not a multiple of 8" % n
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    data = raw[8 + n:]
    header.pop("__metadata__", None)
    out, end = {}, 0
    for name, info in sorted(header.items(), key=lambda kv: kv[1]["data_offsets"]):
        begin, stop = info["data_offsets"]
        assert begin == end, "%s: offsets are not contiguous" % name
        assert stop - begin == int(np.prod(info["shape"])) * ST_BITS[info["dtype"]] // 8, name
        out[name] = (info["dtype"], tuple(info["shape"]), data[begin:stop])
        end = stop
    assert end == len(data), "the buffer is not fully covered"
    return out


def st_array(entry) -> np.ndarray:
    dtype, shape, data = entry
    if dtype == "BF16":
        return (np.frombuffer(data, "<u2").astype(np.uint32) << 16).view(np.float32).astype(np.float64).reshape(shape)
    if dtype == "F32":
        return np.frombuffer(data, "<f4").astype(np.float64).reshape(shape)
    if dtype == "U8":
        return np.frombuffer(data, np.uint8).reshape(shape)
    raise AssertionError(dtype)


class Reader:
    def __init__(self, raw: bytes):
        self.raw, self.pos = raw, 0

    def take(self, fmt: str):
        values = struct.unpack_from(fmt, self.raw, self.pos)
        self.pos += struct.calcsize(fmt)
        return values[0] if len(values) == 1 else values

    def string(self) -> str:
        n = self.take("<Q")
        s = self.raw[self.pos:self.pos + n].decode("utf-8")
        self.pos += n
        return s

    def value(self, vtype: int):
        scalar = {0: "<B", 1: "<b", 2: "<H", 3: "<h", 4: "<I", 5: "<i", 6: "<f", 7: "<?", 10: "<Q", 11: "<q", 12: "<d"}
        if vtype == 8:
            return self.string()
        if vtype == 9:
            etype, count = self.take("<I"), self.take("<Q")
            return [self.value(etype) for _ in range(count)]
        return self.take(scalar[vtype])


def gguf_nbytes(gtype: int, n: int) -> int:
    return {0: 4 * n, 1: 2 * n, 8: n // 32 * 34, 34: n // 256 * 54, 35: n // 256 * 66, 36: n // 4 + 32}[gtype]


def read_gguf(path: Path):
    """(kvs: key -> (type, value), tensors: name -> (torch shape, ggml type, bytes)), with ggml's layout rules."""
    r = Reader(path.read_bytes())
    assert r.raw[:4] == b"GGUF"
    r.pos = 4
    version, n_tensors, n_kv = r.take("<I"), r.take("<Q"), r.take("<Q")
    assert version == 3
    kvs = {}
    for _ in range(n_kv):
        key = r.string()
        vtype = r.take("<I")
        kvs[key] = (vtype, r.value(vtype))
    alignment = kvs.get("general.alignment", (4, 32))[1]
    infos = []
    for _ in range(n_tensors):
        name = r.string()
        dims = [r.take("<Q") for _ in range(r.take("<I"))]
        infos.append((name, tuple(reversed(dims)), r.take("<I"), r.take("<Q")))
    data_start = r.pos + (-r.pos % alignment)
    assert all(b == 0 for b in r.raw[r.pos:data_start]), "padding before the data section is not zero"
    tensors, expected = {}, 0
    for name, shape, gtype, offset in infos:
        assert offset == expected and offset % alignment == 0, "%s: offset %d, expected %d" % (name, offset, expected)
        size = gguf_nbytes(gtype, int(np.prod(shape)))
        tensors[name] = (shape, gtype, r.raw[data_start + offset:data_start + offset + size])
        expected = offset + size + (-size % alignment)
    assert data_start + expected == len(r.raw), "file length does not match the tensor data"
    return kvs, tensors


# ---------------------------------------------------------------------------------------------------- decoders

def unpack_hf(packed: np.ndarray) -> np.ndarray:
    """U8 [R, in] -> int8 [4R, in]: t[i R + r, j] = ((packed[r, j] >> 2i) & 3) - 1."""
    return np.concatenate([((packed >> (2 * i)) & 3).astype(np.int8) - 1 for i in range(4)])


def decode_i2_s(data: bytes, shape):
    n = int(np.prod(shape))
    body = np.frombuffer(data[:n // 4], np.uint8).reshape(-1, 32)
    values = np.concatenate([(body >> shift) & 3 for shift in (6, 4, 2, 0)], axis=1)  # [chunk, 128]
    assert np.all(values != 3), "code 3 in I2_S data"
    scale = struct.unpack_from("<f", data, n // 4)[0]
    assert data[n // 4 + 4:] == bytes(28), "I2_S tail after the scale is not zero"
    return (values.astype(np.int8) - 1).reshape(shape), float(scale)


def block_scale(ds: np.ndarray, ternary_blocks: np.ndarray) -> float:
    """The one scale of a tensor stored per block; all-zero blocks may carry 0."""
    used = ds[np.any(ternary_blocks != 0, axis=1)]
    assert np.all(used == used[:1]), "blocks disagree on the scale"
    return float(used[0]) if used.size else 0.0


def decode_tq2_0(data: bytes, shape):
    """dequantize_row_tq2_0: for j in (0, 32), l in 0..3, m in 0..31: value = ((qs[j + m] >> 2l) & 3) - 1."""
    blocks = np.frombuffer(data, np.uint8).reshape(-1, 66)
    qs, d = blocks[:, :64], blocks[:, 64:66].copy().view("<f2").astype(np.float64)[:, 0]
    out = []
    for j in (0, 32):
        for l in range(4):
            out.append(((qs[:, j:j + 32] >> (2 * l)) & 3).astype(np.int8) - 1)
    t = np.concatenate(out, axis=1)
    return t.reshape(shape), block_scale(d, t)


def decode_tq1_0(data: bytes, shape):
    """dequantize_row_tq1_0: trit n of byte q is ((uint8)(q * 3^n) * 3) >> 8, in the order of the ggml loops."""
    blocks = np.frombuffer(data, np.uint8).reshape(-1, 54)
    qs, qh = blocks[:, :48].astype(np.uint16), blocks[:, 48:52].astype(np.uint16)
    d = blocks[:, 52:54].copy().view("<f2").astype(np.float64)[:, 0]
    trit = lambda q, n: ((((q * 3 ** n) & 0xFF) * 3) >> 8).astype(np.int8) - 1
    out = [trit(qs[:, 0:32], n) for n in range(5)]
    out += [trit(qs[:, 32:48], n) for n in range(5)]
    out += [trit(qh, n) for n in range(4)]
    t = np.concatenate(out, axis=1)
    return t.reshape(shape), block_scale(d, t)


def decode_q8_0(data: bytes, shape):
    """dequantize_row_q8_0: value = qs * d. A ternary tensor needs qs in {-127, 0, 127} and one d."""
    blocks = np.frombuffer(data, np.uint8).reshape(-1, 34)
    d = blocks[:, :2].copy().view("<f2").astype(np.float64)[:, 0]
    q = blocks[:, 2:].copy().view(np.int8).astype(np.int16)
    assert np.all(np.isin(q, (-127, 0, 127))), "Q8_0 values are not 127 * ternary"
    t = (q // 127).astype(np.int8)
    return t.reshape(shape), 127.0 * block_scale(d, t)


def decode_float_ternary(w: np.ndarray):
    """A float matrix that holds T * scale (bitnet.cpp's F16 output) -> (T, scale)."""
    scale = float(np.abs(w).max())
    t = w / scale
    assert np.all(np.isin(t, (-1.0, 0.0, 1.0))), "not T * scale"
    return t.astype(np.int8), scale


def gguf_f32(entry) -> np.ndarray:
    shape, gtype, data = entry
    assert gtype == 0
    return np.frombuffer(data, "<f4").astype(np.float64).reshape(shape)


def gguf_f16(entry) -> np.ndarray:
    shape, gtype, data = entry
    assert gtype == 1
    return np.frombuffer(data, "<f2").astype(np.float64).reshape(shape)


GGUF_DECODERS = {36: decode_i2_s, 35: decode_tq2_0, 34: decode_tq1_0, 8: decode_q8_0,
                 1: lambda data, shape: decode_float_ternary(np.frombuffer(data, "<f2").astype(np.float64).reshape(shape))}


# ---------------------------------------------------------------------------------------------------- models from files

def config_from_hf(c: dict) -> ref.Config:
    theta = c["rope_parameters"]["rope_theta"] if "rope_parameters" in c else c["rope_theta"]
    return ref.Config(c["vocab_size"], c["hidden_size"], c["intermediate_size"], c["num_hidden_layers"],
                      c["num_attention_heads"], c["num_key_value_heads"], c["rms_norm_eps"], theta,
                      c["max_position_embeddings"])


def model_from_hf(folder: Path):
    c = json.loads((folder / "config.json").read_text())
    cfg = config_from_hf(c)
    index = folder / "model.safetensors.index.json"
    files = sorted(set(json.loads(index.read_text())["weight_map"].values())) if index.exists() else ["model.safetensors"]
    tensors = {}
    for f in files:
        part = read_safetensors(folder / f)
        assert not set(part) & set(tensors), "a tensor appears in two shards"
        tensors.update(part)
    if index.exists():
        assert json.loads(index.read_text())["weight_map"] == {n: f for f in files for n in read_safetensors(folder / f)}
    get = lambda name: st_array(tensors[name])
    quant = c.get("quantization_config")
    layers = []
    for li in range(cfg.num_layers):
        p = "model.layers.%d." % li
        layer = ref.Layer(get(p + "input_layernorm.weight"), get(p + "self_attn.attn_sub_norm.weight"),
                          get(p + "post_attention_layernorm.weight"), get(p + "mlp.ffn_sub_norm.weight"))
        for proj in ref.PROJECTIONS:
            name = gen.hf_name(li, proj)
            if quant is None:
                layer.proj[proj] = ref.absmean_ternary(get(name + ".weight"))
                continue
            stored = float(get(name + ".weight_scale")[0])
            scale = stored if quant["linear_class"] == "autobitlinear" else 1.0 / stored
            layer.proj[proj] = ref.Projection(unpack_hf(get(name + ".weight")), scale)
        layers.append(layer)
    lm_head = None if c["tie_word_embeddings"] else get("lm_head.weight")
    assert ("lm_head.weight" in tensors) == (not c["tie_word_embeddings"])
    return ref.Model(cfg, get("model.embed_tokens.weight"), get("model.norm.weight"), layers, lm_head), c, tensors


def model_from_gguf(path: Path):
    kvs, tensors = read_gguf(path)
    arch = kvs["general.architecture"][1]
    k = lambda key: kvs[arch + "." + key][1]
    cfg = ref.Config(k("vocab_size"), k("embedding_length"), k("feed_forward_length"), k("block_count"),
                     k("attention.head_count"), k("attention.head_count_kv"),
                     float(np.float32(k("attention.layer_norm_rms_epsilon"))), k("rope.freq_base"), k("context_length"))
    assert k("rope.dimension_count") == cfg.head_dim
    layers = []
    for li in range(cfg.num_layers):
        b = "blk.%d." % li
        layer = ref.Layer(gguf_f32(tensors[b + "attn_norm.weight"]), gguf_f32(tensors[b + "attn_sub_norm.weight"]),
                          gguf_f32(tensors[b + "ffn_norm.weight"]), gguf_f32(tensors[b + "ffn_sub_norm.weight"]))
        for proj, gname in gen.GGUF_PROJ.items():
            shape, gtype, data = tensors[b + gname + ".weight"]
            t, scale = GGUF_DECODERS[gtype](data, shape)
            layer.proj[proj] = ref.Projection(t, scale)
        layers.append(layer)
    lm_head = gguf_f16(tensors["output.weight"]) if "output.weight" in tensors else None
    model = ref.Model(cfg, gguf_f16(tensors["token_embd.weight"]), gguf_f32(tensors["output_norm.weight"]), layers,
                      lm_head)
    return model, kvs, tensors


# ---------------------------------------------------------------------------------------------------- tests

class TinyModels(unittest.TestCase):
    refs = None
    tok = None

    @classmethod
    def setUpClass(cls):
        cls.tok = Tokenizer.train()
        prompt = cls.tok.encode(gen.PROMPT_TEXT)[:gen.PROMPT_LENGTH]
        cls.specs = {s.name: s for s in gen.specs(cls.tok.size)}
        cls.refs = {name: gen.settle(spec, prompt) for name, spec in cls.specs.items()}

    def assert_same_model(self, decoded: ref.Model, intended: ref.Model):
        # GGUF stores eps as float32
        self.assertAlmostEqual(decoded.config.rms_norm_eps, intended.config.rms_norm_eps, delta=1e-12)
        self.assertEqual(replace(decoded.config, rms_norm_eps=0.0), replace(intended.config, rms_norm_eps=0.0))
        np.testing.assert_array_equal(decoded.embed, intended.embed)
        np.testing.assert_array_equal(decoded.final_norm, intended.final_norm)
        self.assertEqual(decoded.lm_head is None, intended.lm_head is None)
        if intended.lm_head is not None:
            np.testing.assert_array_equal(decoded.lm_head, intended.lm_head)
        for dl, il in zip(decoded.layers, intended.layers, strict=True):
            for attr in ("input_norm", "attn_sub_norm", "post_attention_norm", "ffn_sub_norm"):
                np.testing.assert_array_equal(getattr(dl, attr), getattr(il, attr))
            for proj in ref.PROJECTIONS:
                np.testing.assert_array_equal(dl.proj[proj].ternary, il.proj[proj].ternary, proj)
                self.assertEqual(dl.proj[proj].scale, il.proj[proj].scale, proj)

    def assert_reference_outputs(self, model: ref.Model, name: str):
        folder = TINY / "reference" / name
        info = json.loads((folder / "reference.json").read_text())
        greedy = json.loads((folder / "greedy.json").read_text())
        logits = ref.forward(model, info["prompt_ids"])
        np.testing.assert_allclose(logits, np.load(folder / "logits.npy"), rtol=1e-6, atol=1e-6)
        ids, margins, step_logits = ref.greedy(model, info["prompt_ids"], greedy["steps"])
        self.assertEqual(ids, greedy["generated_ids"])
        np.testing.assert_allclose(step_logits, np.load(folder / "greedy_logits.npy"), rtol=1e-6, atol=1e-6)
        self.assertGreater(min(margins), 1e-3)
        self.assertGreaterEqual(info["min_activation_boundary_distance"], 1e-4)

    def test_hf_autobitlinear(self):
        model, c, tensors = model_from_hf(TINY / "hf-autobitlinear")
        self.assertEqual(c["quantization_config"], {"linear_class": "autobitlinear", "quant_method": "bitnet",
                                                    "quantization_mode": "offline"})
        self.assertEqual(c["torch_dtype"], "bfloat16")
        self.assertTrue(c["tie_word_embeddings"])
        self.assertEqual(tensors["model.layers.0.self_attn.q_proj.weight"][:2], ("U8", (64, 256)))
        self.assertEqual(tensors["model.layers.1.mlp.down_proj.weight_scale"][:2], ("BF16", (1,)))
        self.assertEqual(tensors["model.embed_tokens.weight"][0], "BF16")
        gc = json.loads((TINY / "hf-autobitlinear" / "generation_config.json").read_text())
        self.assertEqual(gc["eos_token_id"], [self.tok.eos(), self.tok.eot()])
        self.assert_same_model(model, self.refs["model-a"].model)
        self.assert_reference_outputs(model, "model-a")

    def test_hf_bitlinear_sharded(self):
        folder = TINY / "hf-bitlinear-sharded"
        model, c, tensors = model_from_hf(folder)
        self.assertEqual(c["quantization_config"]["linear_class"], "bitlinear")
        self.assertNotIn("torch_dtype", c)
        self.assertNotIn("rope_theta", c)
        self.assertEqual(c["dtype"], "bfloat16")
        self.assertFalse(c["tie_word_embeddings"])
        weight_map = json.loads((folder / "model.safetensors.index.json").read_text())["weight_map"]
        self.assertEqual(sorted(set(weight_map.values())), ["model-00001-of-00002.safetensors",
                                                            "model-00002-of-00002.safetensors"])
        # the stored weight_scale is the reciprocal of the multiplicative scale
        stored = float(st_array(tensors["model.layers.0.self_attn.q_proj.weight_scale"])[0])
        self.assertEqual(stored * self.refs["model-b"].model.layers[0].proj["q_proj"].scale, 1.0)
        self.assertGreater(stored, 1.0)
        self.assert_same_model(model, self.refs["model-b"].model)
        self.assertFalse(np.array_equal(model.lm_head, model.embed))
        self.assert_reference_outputs(model, "model-b")

    def test_hf_latent_f32(self):
        model, c, tensors = model_from_hf(TINY / "hf-latent-f32")
        self.assertNotIn("quantization_config", c)
        self.assertTrue(all(t[0] == "F32" for t in tensors.values()))
        self.assert_same_model(model, self.refs["model-c"].model)
        self.assert_reference_outputs(model, "model-c")

    def gguf_checks(self, path: Path, arch: str, file_type: int, types: dict, model_name: str, with_tokenizer: bool):
        model, kvs, tensors = model_from_gguf(path)
        self.assertEqual(kvs["general.architecture"], (8, arch))
        self.assertEqual(kvs["general.file_type"], (4, file_type))
        for key in ("vocab_size", "context_length", "embedding_length", "block_count", "feed_forward_length",
                    "rope.dimension_count", "attention.head_count", "attention.head_count_kv"):
            self.assertEqual(kvs[arch + "." + key][0], 4, key)
        self.assertEqual(kvs[arch + ".attention.layer_norm_rms_epsilon"][0], 6)
        self.assertEqual(kvs[arch + ".rope.freq_base"][0], 6)
        self.assertNotIn("tokenizer.ggml.pre", kvs)
        for gname, gtype in types.items():
            self.assertEqual(tensors["blk.0.%s.weight" % gname][1], gtype, gname)
        self.assertEqual(tensors["token_embd.weight"][1], 1)
        self.assertTrue(all(t[1] == 0 for n, t in tensors.items() if n.endswith("norm.weight")))
        self.assertEqual(with_tokenizer, "tokenizer.ggml.tokens" in kvs)
        if with_tokenizer:
            self.check_gguf_tokenizer(kvs)
        self.assert_same_model(model, self.refs[model_name].model)
        self.assert_reference_outputs(model, model_name)
        return kvs, tensors

    def check_gguf_tokenizer(self, kvs: dict):
        tj = json.loads((TINY / "tokenizer.json").read_text())
        tokens = [None] * self.tok.size
        for t, i in tj["model"]["vocab"].items():
            tokens[i] = t
        for added in tj["added_tokens"]:
            tokens[added["id"]] = added["content"]
        self.assertEqual(kvs["tokenizer.ggml.model"], (8, "gpt2"))
        self.assertEqual(kvs["tokenizer.ggml.tokens"][1], tokens)
        self.assertEqual(kvs["tokenizer.ggml.merges"][1], tj["model"]["merges"])
        self.assertEqual(kvs["tokenizer.ggml.token_type"][1], [1] * 509 + [3] * 3)
        self.assertEqual(kvs["tokenizer.ggml.bos_token_id"], (4, 509))
        self.assertEqual(kvs["tokenizer.ggml.eos_token_id"], (4, 510))
        self.assertEqual(kvs["tokenizer.ggml.add_bos_token"], (7, True))
        self.assertEqual(kvs["tokenizer.chat_template"], (8, gen.CHAT_TEMPLATE))

    def test_gguf_i2s(self):
        projections = {g: 36 for g in gen.GGUF_PROJ.values()}
        _, tensors = self.gguf_checks(TINY / "gguf-i2s.gguf", "bitnet-b1.58", 40, projections, "model-a", True)
        self.assertNotIn("output.weight", tensors)
        self.assertEqual(len(tensors["blk.0.attn_q.weight"][2]), 256 * 256 // 4 + 32)

    def test_gguf_tq2(self):
        folder = TINY / "gguf-tq2"
        self.assertEqual(sorted(p.name for p in folder.iterdir()), ["model.gguf", "tokenizer.json",
                                                                    "tokenizer_config.json"])
        projections = {g: 35 for g in gen.GGUF_PROJ.values()}
        self.gguf_checks(folder / "model.gguf", "bitnet-b1.58", 37, projections, "model-a", False)

    def test_gguf_f16_bitnet25(self):
        projections = {g: 1 for g in gen.GGUF_PROJ.values()}
        kvs, tensors = self.gguf_checks(TINY / "gguf-f16-bitnet25.gguf", "bitnet-25", 1, projections, "model-b", True)
        self.assertEqual(tensors["output.weight"][:2], ((512, 256), 1))

    def test_gguf_tq1_q8(self):
        projections = {"attn_q": 34, "attn_k": 34, "attn_v": 8, "attn_output": 8, "ffn_gate": 34, "ffn_up": 8,
                       "ffn_down": 34}
        kvs, _ = self.gguf_checks(TINY / "gguf-tq1-q8.gguf", "bitnet-b1.58", 36, projections, "model-a", True)
        self.assertEqual(kvs["general.alignment"], (4, 32))

    def test_hand_computed_layouts(self):
        """Single values placed by hand, decoded with the decoders above (independent of the writers)."""
        # HF U8: out = 4 rows, 1 column: rows -1, 0, 1, 1 -> codes 0, 1, 2, 2 in bits 1:0, 3:2, 5:4, 7:6
        np.testing.assert_array_equal(unpack_hf(np.array([[0b10100100]], np.uint8)).ravel(), [-1, 0, 1, 1])
        # I2_S: byte 0 holds values 0, 32, 64, 96 at shifts 6, 4, 2, 0; value 0 = +1 (code 2), the rest 0 (code 1)
        data = bytes([0b10010101] + [0b01010101] * 31) + struct.pack("<f", 0.5) + bytes(28)
        t, scale = decode_i2_s(data, (1, 128))
        self.assertEqual((t[0, 0], t[0, 32], t[0, 64], t[0, 96], scale), (1, 0, 0, 0, 0.5))
        self.assertEqual(int(np.abs(t).sum()), 1)
        # TQ1_0: an all-zero block is 48 bytes of 128 (ceil(121 * 256 / 243)), 4 of 127 (ceil(120 * 256 / 243))
        t, _ = decode_tq1_0(bytes([128] * 48 + [127] * 4) + bytes(2), (1, 256))
        np.testing.assert_array_equal(t, 0)
        # TQ1_0: first byte 2*81 + 1*27 + 1*9 + 1*3 + 1 = 202 -> ceil(202 * 256 / 243) = 213: value 0 = +1
        t, _ = decode_tq1_0(bytes([213] + [128] * 47 + [127] * 4) + bytes(2), (1, 256))
        self.assertEqual((t[0, 0], int(np.abs(t).sum())), (1, 1))
        # TQ2_0: qs byte 0 holds values 0, 32, 64, 96 at shifts 0, 2, 4, 6: 0b01010100 = value 0 is -1
        t, scale = decode_tq2_0(bytes([0b01010100] + [0b01010101] * 63) + np.array([0.25], "<f2").tobytes(), (1, 256))
        self.assertEqual((t[0, 0], int(np.abs(t).sum()), scale), (-1, 1, 0.25))

    def test_writers_against_hand_computed_bytes(self):
        import tiny_formats as fmt
        t = np.zeros((1, 256), np.int8)
        self.assertEqual(fmt.pack_tq1_0(t, 0.25)[:52], bytes([128] * 48 + [127] * 4))
        t[0, 0] = 1
        self.assertEqual(fmt.pack_tq1_0(t, 0.25)[0], 213)
        t[0, 0] = -1
        self.assertEqual(fmt.pack_tq2_0(t, 0.25)[0], 0b01010100)
        i2 = np.zeros((1, 128), np.int8)
        i2[0, 0] = 1
        self.assertEqual(fmt.pack_i2_s(i2, 0.5)[:2], bytes([0b10010101, 0b01010101]))
        self.assertEqual(fmt.pack_hf_u8(np.array([[-1], [0], [1], [1]])).tolist(), [[0b10100100]])

    def test_tokenizer(self):
        tj = json.loads((TINY / "tokenizer.json").read_text())
        self.assertEqual(len(tj["model"]["vocab"]) + len(tj["added_tokens"]), 512)
        self.assertEqual([a["content"] for a in tj["added_tokens"]],
                         ["<|begin_of_text|>", "<|end_of_text|>", "<|eot_id|>"])
        for rank, merge in enumerate(tj["model"]["merges"]):
            a, b = merge.split(" ")
            self.assertEqual(tj["model"]["vocab"][a + b], 256 + rank)
        for folder in ("hf-autobitlinear", "hf-bitlinear-sharded", "hf-latent-f32", "gguf-tq2"):
            for f in ("tokenizer.json", "tokenizer_config.json"):
                self.assertEqual((TINY / folder / f).read_bytes(), (TINY / f).read_bytes())
        info = json.loads((TINY / "reference" / "model-a" / "reference.json").read_text())
        self.assertEqual(self.tok.encode(gen.PROMPT_TEXT)[:12], info["prompt_ids"])
        self.assertEqual(self.tok.vocab, tj["model"]["vocab"])
        self.assertEqual(self.tok.decode(self.tok.encode("It's 42 caf\u00e9s!\n")), "It's 42 caf\u00e9s!\n")

    def test_chat_reference(self):
        cfg = json.loads((TINY / "tokenizer_config.json").read_text())
        chats = json.loads((TINY / "chat-reference.json").read_text())
        env = jinja2.sandbox.ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True)
        template = env.from_string(cfg["chat_template"])
        self.assertEqual(len(chats["conversations"]), 3)
        for chat in chats["conversations"]:
            rendered = template.render(messages=chat["messages"], bos_token=cfg["bos_token"],
                                       add_generation_prompt=True)
            self.assertEqual(rendered, chat["rendered"])
            self.assertTrue(rendered.startswith("<|begin_of_text|>") and rendered.endswith("<|eot_id|>Assistant: "))
            self.assertEqual(self.tok.decode(chat["ids"]), rendered)
        self.assertEqual(chats["conversations"][1]["rendered"],
                         "<|begin_of_text|>User: Hello, how are you today?<|eot_id|>Assistant: ")

    def test_regeneration_is_byte_identical(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "tiny"
            gen.generate(out)
            mine = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
            committed = sorted(str(p.relative_to(TINY)) for p in TINY.rglob("*") if p.is_file())
            self.assertEqual(mine, committed)
            for name in mine:
                self.assertEqual((out / name).read_bytes(), (TINY / name).read_bytes(), name)


if __name__ == "__main__":
    unittest.main(verbosity=2)
