#!/usr/bin/env python3
"""Seeded generator of tiny BitNet b1.58 checkpoints in every official layout, with float64 reference outputs.

Regenerate everything (from the repository root; numpy, regex and Jinja2 only; byte-identical on every run):

    python3 bitnet.model/src/test/python/gen_tiny_models.py

Check what it wrote with independent readers and decoders:

    python3 bitnet.model/src/test/python/test_tiny_models.py

Writes bitnet.model/src/test/resources/tiny/ (or --out DIR). What each file holds: the README.md written there.

Three distinct models; every variant of one model holds exactly the same ternary matrices, scales, norms and
embeddings, so the reference outputs of a model hold for each of its variants:
- model-a (shape family 1, GQA 4/2, rope_theta 500000): hf-autobitlinear/, gguf-i2s.gguf, gguf-tq2/model.gguf,
  gguf-tq1-q8.gguf
- model-b (shape family 2, 8 heads without GQA, untied lm_head): hf-bitlinear-sharded/, gguf-f16-bitnet25.gguf
- model-c (latent float weights; hidden 128, one layer, 2 heads / 1 kv head): hf-latent-f32/

Every stored number is exact in each format that stores it: embeddings and norms lie on the BF16 grid and within
F16's normal range (or are 0), scales are 8-significant-bit numbers (model-a), 127 * 2^e where a tensor is also
stored as Q8_0 (model-a's v/o/up), or powers of two (model-b, whose bitlinear weight_scale is the reciprocal).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

# Tiny matrices: one BLAS thread is ~10x faster here than a team, and keeps every sum in one fixed order.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import jinja2.sandbox  # noqa: E402
import numpy as np  # noqa: E402

import reference as ref  # noqa: E402
import tiny_formats as fmt  # noqa: E402
from tiny_tokenizer import Tokenizer  # noqa: E402

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "resources" / "tiny"

CHAT_TEMPLATE = ("{% set loop_messages = messages %}{% for message in loop_messages %}{% set content = "
                 "message['role'] | capitalize + ': '+ message['content'] | trim + '<|eot_id|>' %}"
                 "{% if loop.index0 == 0 %}{% set content = bos_token + content %}{% endif %}{{ content }}"
                 "{% endfor %}{% if add_generation_prompt %}{{ 'Assistant: ' }}{% endif %}")

PROMPT_TEXT = "The quick brown fox jumps over the lazy dog. The model"
PROMPT_LENGTH = 12
GREEDY_STEPS = 10
EMBED_STD = 0.05
BOUNDARY_MARGIN = 2e-3     # every x*s of the reference run stays this far from a k + 0.5 rounding boundary
GREEDY_MARGIN = 1e-2       # every greedy step's best logit beats the second by at least this
MIN_LOGIT_STD = 0.5
MIN_DISTINCT_GENERATED = 3  # a greedy run that repeats one token would hardly test a decode loop

# scale kinds: "bf16" = 8 significant bits in [0.012, 0.05]; "q8" = 127 * 2^e; "pow2" = 1 / 2^k
SCALES_A = {"q_proj": "bf16", "k_proj": "bf16", "v_proj": "q8", "o_proj": "q8",
            "gate_proj": "bf16", "up_proj": "q8", "down_proj": "bf16"}
SCALES_B = {p: "pow2" for p in ref.PROJECTIONS}
Q8_PROJECTIONS_IN_G = ("v_proj", "o_proj", "up_proj")  # the others are TQ1_0 in gguf-tq1-q8.gguf

HF_PROJ = {"q_proj": "self_attn", "k_proj": "self_attn", "v_proj": "self_attn", "o_proj": "self_attn",
           "gate_proj": "mlp", "up_proj": "mlp", "down_proj": "mlp"}
GGUF_PROJ = {"q_proj": "attn_q", "k_proj": "attn_k", "v_proj": "attn_v", "o_proj": "attn_output",
             "gate_proj": "ffn_gate", "up_proj": "ffn_up", "down_proj": "ffn_down"}


@dataclass(frozen=True)
class Spec:
    name: str
    seed: int
    config: ref.Config
    scales: dict          # projection -> scale kind; None for a latent model
    untied: bool
    variants: tuple


def config(vocab, hidden, inter, layers, heads, kv, theta):
    return ref.Config(vocab_size=vocab, hidden_size=hidden, intermediate_size=inter, num_layers=layers,
                      num_heads=heads, num_kv_heads=kv, rms_norm_eps=1e-5, rope_theta=theta, context_length=128)


def specs(vocab: int) -> list:
    return [
        Spec("model-a", 1000, config(vocab, 256, 512, 2, 4, 2, 500000.0), SCALES_A, False,
             ("hf-autobitlinear/", "gguf-i2s.gguf", "gguf-tq2/model.gguf", "gguf-tq1-q8.gguf")),
        Spec("model-b", 2000, config(vocab, 256, 768, 3, 8, 8, 10000.0), SCALES_B, True,
             ("hf-bitlinear-sharded/", "gguf-f16-bitnet25.gguf")),
        # A third, smaller shape: F32 latent matrices cost 4 bytes a weight, and the resources should stay small.
        Spec("model-c", 3000, config(vocab, 128, 384, 1, 2, 1, 10000.0), None, False, ("hf-latent-f32/",)),
    ]


# ---------------------------------------------------------------------------------------------------- model

def bf16_grid(x: np.ndarray) -> np.ndarray:
    """Round to 8 significant bits (BF16, round half to even on the float32 bits); |x| < 2^-14 becomes 0 so the
    value is also exact in F16."""
    bits = np.asarray(x, dtype=np.float32).view(np.uint32).astype(np.uint64)
    bits = (bits + 0x7FFF + ((bits >> 16) & 1)) & 0xFFFF0000
    v = bits.astype(np.uint32).view(np.float32).astype(np.float64)
    v[np.abs(v) < 2.0 ** -14] = 0.0
    return v


def draw_scale(rng: np.random.RandomState, kind: str) -> float:
    if kind == "bf16":
        return float(bf16_grid(np.array([rng.uniform(0.012, 0.05)]))[0])
    if kind == "q8":
        return 127.0 * 2.0 ** int(rng.choice([-12, -13]))
    if kind == "pow2":
        return 1.0 / 2 ** int(rng.choice([4, 5, 6]))
    raise ValueError(kind)


def projection_shapes(cfg: ref.Config) -> dict:
    h, kv = cfg.hidden_size, cfg.num_kv_heads * cfg.head_dim
    i = cfg.intermediate_size
    return {"q_proj": (h, h), "k_proj": (kv, h), "v_proj": (kv, h), "o_proj": (h, h),
            "gate_proj": (i, h), "up_proj": (i, h), "down_proj": (h, i)}


def latent_matrix(rng: np.random.RandomState, shape) -> np.ndarray:
    """Float32 latent weights whose absmean ternary is far from rounding ties: zeros stay below ~0.36 of mean|W|,
    the others above ~0.9, and some beyond 1.5 so that the clip matters."""
    t = rng.randint(-1, 2, size=shape)
    base = rng.uniform(0.012, 0.05)
    noise = np.where(t == 0, rng.uniform(-0.25, 0.25, size=shape), rng.uniform(-0.3, 0.3, size=shape))
    stretch = np.where((t != 0) & (rng.uniform(size=shape) < 0.05), rng.uniform(1.0, 2.5, size=shape), 1.0)
    return (base * (t + noise) * stretch).astype(np.float32)


def make_model(spec: Spec, seed: int):
    """The intended arrays of a model; for a latent model also the float32 latent matrices."""
    rng = np.random.RandomState(seed)
    cfg = spec.config
    norm = lambda n: bf16_grid(rng.uniform(0.5, 1.5, size=n))
    embed = bf16_grid(rng.normal(0.0, EMBED_STD, size=(cfg.vocab_size, cfg.hidden_size)))
    lm_head = bf16_grid(rng.normal(0.0, EMBED_STD, size=(cfg.vocab_size, cfg.hidden_size))) if spec.untied else None
    latents, layers = {}, []
    for li in range(cfg.num_layers):
        layer = ref.Layer(norm(cfg.hidden_size), norm(cfg.hidden_size), norm(cfg.hidden_size),
                          norm(cfg.intermediate_size))
        for name, shape in projection_shapes(cfg).items():
            if spec.scales is None:
                w = latent_matrix(rng, shape)
                latents[(li, name)] = w
                layer.proj[name] = ref.absmean_ternary(w)
            else:
                t = rng.randint(-1, 2, size=shape).astype(np.int8)
                layer.proj[name] = ref.Projection(t, draw_scale(rng, spec.scales[name]))
        layers.append(layer)
    model = ref.Model(cfg, embed, norm(cfg.hidden_size), layers, lm_head)
    return model, latents


NORM_OF_POINT = {"attn_in": "input_norm", "attn_sub": "attn_sub_norm", "ffn_in": "post_attention_norm",
                 "ffn_sub": "ffn_sub_norm"}


def bf16_step(w: float, steps: int) -> float:
    bits = (int(np.float32(w).view(np.uint32)) >> 16) + steps
    return float(np.uint32(bits << 16).view(np.float32))


def bad_entries(h: np.ndarray, margin: float) -> np.ndarray:
    return ref.distance_to_half(ref.activation_quant(h)[2]) < margin


class RoundingTiesRemain(Exception):
    pass


def clear_rounding_ties(model: ref.Model, tokens, margin: float) -> bool:
    """Moves single norm weights by a few BF16 steps until no x*s of this token sequence lies within margin of a
    k + 0.5 rounding boundary. Points are handled in forward order, so a fix never disturbs an earlier point.
    Each move is the one of up to 64 steps either way that leaves the fewest bad entries, taken only if that is
    fewer than before (a weight of a row's absmax channel rescales the whole row, so it may create new ones)."""
    changed = False
    steps = [k * sign for k in range(1, 65) for sign in (1, -1)]
    for li in range(model.config.num_layers):
        for point, norm_name in NORM_OF_POINT.items():
            weights = getattr(model.layers[li], norm_name)
            seen = {}
            ref.forward(model, tokens, lambda layer, pt, h: seen.__setitem__((layer, pt), h))
            unit = seen[(li, point)] / weights          # the normalised input before the norm weight
            bad = bad_entries(unit * weights, margin)
            while bad.any():
                for j in np.nonzero(bad.any(axis=0))[0]:
                    values = np.array([bf16_step(weights[j], k) for k in steps])
                    values = values[(values >= 0.5) & (values <= 1.5)]
                    candidates = np.repeat(weights[None, :], len(values), axis=0)
                    candidates[:, j] = values
                    now = bad_entries(unit[None, :, :] * candidates[:, None, :], margin)
                    counts = now.sum(axis=(1, 2))
                    best = int(np.argmin(counts))       # first minimum: the smallest step
                    if counts[best] < bad.sum():
                        weights[j], bad, changed = values[best], now[best], True
                        break
                else:
                    raise RoundingTiesRemain()
    return changed


@dataclass
class Reference:
    seed: int
    model: ref.Model
    latents: dict
    logits: np.ndarray
    generated: list
    margins: list
    step_logits: np.ndarray
    min_boundary_distance: float


def settle(spec: Spec, prompt: list):
    """First seed from spec.seed whose model, after clearing rounding ties, has clear greedy margins."""
    for seed in range(spec.seed, spec.seed + 100):
        model, latents = make_model(spec, seed)
        try:
            for _ in range(20):
                generated = ref.greedy(model, prompt, GREEDY_STEPS)[0]
                if not clear_rounding_ties(model, prompt + generated[:-1], BOUNDARY_MARGIN):
                    break
            else:
                continue
        except RoundingTiesRemain:
            continue
        distances = []
        trace = lambda layer, point, h: distances.append(float(ref.distance_to_half(ref.activation_quant(h)[2]).min()))
        logits = ref.forward(model, prompt, trace)
        generated, margins, step_logits = ref.greedy(model, prompt, GREEDY_STEPS, trace)
        if (min(margins) < GREEDY_MARGIN or logits.std() < MIN_LOGIT_STD or min(distances) < BOUNDARY_MARGIN
                or len(set(generated)) < MIN_DISTINCT_GENERATED):
            continue
        return Reference(seed, model, latents, logits, generated, margins, step_logits, min(distances))
    raise RuntimeError("no seed found for " + spec.name)


# ---------------------------------------------------------------------------------------------------- HF folders

def hf_name(li: int, proj: str) -> str:
    return "model.layers.%d.%s.%s" % (li, HF_PROJ[proj], proj)


def hf_common_tensors(model: ref.Model, dtype: str) -> dict:
    def enc(a):
        return fmt.bf16_bits(a).tobytes() if dtype == "BF16" else fmt.f32_exact(a).tobytes()
    t = {"model.embed_tokens.weight": (dtype, model.embed.shape, enc(model.embed)),
         "model.norm.weight": (dtype, model.final_norm.shape, enc(model.final_norm))}
    if model.lm_head is not None:
        t["lm_head.weight"] = (dtype, model.lm_head.shape, enc(model.lm_head))
    for li, layer in enumerate(model.layers):
        p = "model.layers.%d." % li
        for name, arr in (("input_layernorm", layer.input_norm), ("post_attention_layernorm", layer.post_attention_norm),
                          ("self_attn.attn_sub_norm", layer.attn_sub_norm), ("mlp.ffn_sub_norm", layer.ffn_sub_norm)):
            t[p + name + ".weight"] = (dtype, arr.shape, enc(arr))
    return t


def hf_packed_tensors(model: ref.Model, reciprocal: bool) -> dict:
    t = hf_common_tensors(model, "BF16")
    for li, layer in enumerate(model.layers):
        for proj, p in layer.proj.items():
            packed = fmt.pack_hf_u8(p.ternary)
            stored = 1.0 / p.scale if reciprocal else p.scale
            t[hf_name(li, proj) + ".weight"] = ("U8", packed.shape, packed.tobytes())
            t[hf_name(li, proj) + ".weight_scale"] = ("BF16", (1,), fmt.bf16_bits([stored]).tobytes())
    return t


def hf_config(cfg: ref.Config, tok: Tokenizer, tied: bool, newer_keys: bool, quant: dict, dtype: str) -> dict:
    c = {"architectures": ["BitNetForCausalLM"], "model_type": "bitnet", "attention_bias": False,
         "attention_dropout": 0.0, "bos_token_id": tok.bos(), "eos_token_id": tok.eos(), "hidden_act": "relu2",
         "hidden_size": cfg.hidden_size, "initializer_range": 0.02, "intermediate_size": cfg.intermediate_size,
         "max_position_embeddings": cfg.context_length, "num_attention_heads": cfg.num_heads,
         "num_hidden_layers": cfg.num_layers, "num_key_value_heads": cfg.num_kv_heads,
         "rms_norm_eps": cfg.rms_norm_eps, "tie_word_embeddings": tied, "use_cache": True,
         "vocab_size": cfg.vocab_size}
    if newer_keys:
        c.update({"dtype": dtype, "head_dim": cfg.head_dim,
                  "rope_parameters": {"rope_theta": cfg.rope_theta, "rope_type": "default"},
                  "transformers_version": "5.0.0"})
    else:
        c.update({"rope_theta": cfg.rope_theta, "torch_dtype": dtype, "transformers_version": "4.52.0.dev0"})
    if quant:
        c["quantization_config"] = quant
    return dict(sorted(c.items()))


def to_json(obj, indent: str = "") -> str:
    """JSON with two-space indentation, but lists of numbers on one line."""
    inner = indent + "  "
    if isinstance(obj, dict) and obj:
        items = ",\n".join(inner + json.dumps(k, ensure_ascii=False) + ": " + to_json(v, inner) for k, v in obj.items())
        return "{\n" + items + "\n" + indent + "}"
    if isinstance(obj, list) and obj and not all(isinstance(v, (int, float)) for v in obj):
        return "[\n" + ",\n".join(inner + to_json(v, inner) for v in obj) + "\n" + indent + "]"
    return json.dumps(obj, ensure_ascii=False, separators=(", ", ": "))


def write_json(path: Path, obj) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(to_json(obj) + "\n", encoding="utf-8")


def write_tokenizer_files(folder: Path, tok: Tokenizer) -> None:
    write_json(folder / "tokenizer.json", tok.tokenizer_json())
    write_json(folder / "tokenizer_config.json", tokenizer_config(tok))


def tokenizer_config(tok: Tokenizer) -> dict:
    added = {str(i): {"content": s, "lstrip": False, "normalized": False, "rstrip": False, "single_word": False,
                      "special": True} for s, i in tok.specials.items()}
    return {"added_tokens_decoder": added, "bos_token": "<|begin_of_text|>", "chat_template": CHAT_TEMPLATE,
            "clean_up_tokenization_spaces": True, "eos_token": "<|eot_id|>",
            "model_input_names": ["input_ids", "attention_mask"], "model_max_length": 128,
            "tokenizer_class": "PreTrainedTokenizerFast"}


def write_hf_autobitlinear(folder: Path, r: Reference, tok: Tokenizer) -> None:
    quant = {"linear_class": "autobitlinear", "quant_method": "bitnet", "quantization_mode": "offline"}
    write_json(folder / "config.json", hf_config(r.model.config, tok, True, False, quant, "bfloat16"))
    write_json(folder / "generation_config.json", {"_from_model_config": True, "bos_token_id": tok.bos(),
                                                   "eos_token_id": [tok.eos(), tok.eot()],
                                                   "transformers_version": "4.52.0.dev0"})
    (folder / "model.safetensors").write_bytes(fmt.safetensors_bytes(hf_packed_tensors(r.model, False)))
    write_tokenizer_files(folder, tok)


def write_hf_bitlinear_sharded(folder: Path, r: Reference, tok: Tokenizer) -> None:
    quant = {"linear_class": "bitlinear", "quant_method": "bitnet", "quantization_mode": "offline"}
    write_json(folder / "config.json", hf_config(r.model.config, tok, False, True, quant, "bfloat16"))
    tensors = hf_packed_tensors(r.model, True)
    names = sorted(tensors)
    total = sum(len(tensors[n][2]) for n in names)
    shards, running = ({}, {}), 0
    for n in names:  # split by running size in name order: layers straddle the two files
        shards[0 if running < total // 2 else 1][n] = tensors[n]
        running += len(tensors[n][2])
    weight_map = {}
    for i, shard in enumerate(shards):
        file = "model-%05d-of-00002.safetensors" % (i + 1)
        (folder / file).write_bytes(fmt.safetensors_bytes(shard))
        weight_map.update({n: file for n in shard})
    write_json(folder / "model.safetensors.index.json",
               {"metadata": {"total_size": total}, "weight_map": dict(sorted(weight_map.items()))})
    write_tokenizer_files(folder, tok)


def write_hf_latent(folder: Path, r: Reference, tok: Tokenizer) -> None:
    write_json(folder / "config.json", hf_config(r.model.config, tok, True, False, {}, "float32"))
    t = hf_common_tensors(r.model, "F32")
    for (li, proj), w in r.latents.items():
        t[hf_name(li, proj) + ".weight"] = ("F32", w.shape, w.astype("<f4").tobytes())
    (folder / "model.safetensors").write_bytes(fmt.safetensors_bytes(t))
    write_tokenizer_files(folder, tok)


# ---------------------------------------------------------------------------------------------------- GGUF files

def gguf_kvs(cfg: ref.Config, arch: str, name: str, file_type: int, tok: Tokenizer, with_tokenizer: bool,
             explicit_alignment: bool) -> list:
    u32, f32, s = fmt.GGUF_UINT32, fmt.GGUF_FLOAT32, fmt.GGUF_STRING
    kvs = [("general.architecture", s, arch), ("general.name", s, name)]
    if explicit_alignment:
        kvs.append(("general.alignment", u32, 32))
    kvs += [("general.file_type", u32, file_type), ("general.quantization_version", u32, 2),
            (arch + ".vocab_size", u32, cfg.vocab_size), (arch + ".context_length", u32, cfg.context_length),
            (arch + ".embedding_length", u32, cfg.hidden_size), (arch + ".block_count", u32, cfg.num_layers),
            (arch + ".feed_forward_length", u32, cfg.intermediate_size),
            (arch + ".rope.dimension_count", u32, cfg.head_dim),
            (arch + ".attention.head_count", u32, cfg.num_heads),
            (arch + ".attention.head_count_kv", u32, cfg.num_kv_heads),
            (arch + ".attention.layer_norm_rms_epsilon", f32, cfg.rms_norm_eps),
            (arch + ".rope.freq_base", f32, cfg.rope_theta)]
    if with_tokenizer:
        tokens = tok.id_to_token()
        types = [3 if t in tok.specials else 1 for t in tokens]
        kvs += [("tokenizer.ggml.model", s, "gpt2"),
                ("tokenizer.ggml.tokens", fmt.GGUF_ARRAY, (s, tokens)),
                ("tokenizer.ggml.token_type", fmt.GGUF_ARRAY, (fmt.GGUF_INT32, types)),
                ("tokenizer.ggml.merges", fmt.GGUF_ARRAY, (s, ["%s %s" % m for m in tok.merges])),
                ("tokenizer.ggml.bos_token_id", u32, tok.bos()), ("tokenizer.ggml.eos_token_id", u32, tok.eos()),
                ("tokenizer.ggml.eot_token_id", u32, tok.eot()), ("tokenizer.ggml.add_bos_token", fmt.GGUF_BOOL, True),
                ("tokenizer.chat_template", s, CHAT_TEMPLATE)]
    return kvs


def gguf_tensors(model: ref.Model, encode_projection, output_weight: bool) -> list:
    """encode_projection(projection name, Projection) -> (ggml type, bytes)."""
    f32 = lambda a: fmt.f32_exact(a).tobytes()
    t = [("token_embd.weight", model.embed.shape, fmt.F16, fmt.f16_exact(model.embed).tobytes())]
    for li, layer in enumerate(model.layers):
        b = "blk.%d." % li
        t.append((b + "attn_norm.weight", layer.input_norm.shape, fmt.F32, f32(layer.input_norm)))
        for proj in ("q_proj", "k_proj", "v_proj", "o_proj"):
            p = layer.proj[proj]
            t.append((b + GGUF_PROJ[proj] + ".weight", p.ternary.shape) + encode_projection(proj, p))
        t.append((b + "attn_sub_norm.weight", layer.attn_sub_norm.shape, fmt.F32, f32(layer.attn_sub_norm)))
        t.append((b + "ffn_norm.weight", layer.post_attention_norm.shape, fmt.F32, f32(layer.post_attention_norm)))
        for proj in ("gate_proj", "up_proj", "down_proj"):
            p = layer.proj[proj]
            t.append((b + GGUF_PROJ[proj] + ".weight", p.ternary.shape) + encode_projection(proj, p))
        t.append((b + "ffn_sub_norm.weight", layer.ffn_sub_norm.shape, fmt.F32, f32(layer.ffn_sub_norm)))
    t.append(("output_norm.weight", model.final_norm.shape, fmt.F32, f32(model.final_norm)))
    if output_weight:
        t.append(("output.weight", model.output_matrix().shape, fmt.F16, fmt.f16_exact(model.output_matrix()).tobytes()))
    return t


def write_gguf_variants(out: Path, refs: dict, tok: Tokenizer) -> None:
    a, b = refs["model-a"].model, refs["model-b"].model
    i2s = lambda proj, p: (fmt.I2_S, fmt.pack_i2_s(p.ternary, p.scale))
    tq2 = lambda proj, p: (fmt.TQ2_0, fmt.pack_tq2_0(p.ternary, p.scale))
    f16 = lambda proj, p: (fmt.F16, fmt.f16_exact(p.ternary * p.scale).tobytes())
    mixed = lambda proj, p: ((fmt.Q8_0, fmt.pack_q8_0(p.ternary, p.scale)) if proj in Q8_PROJECTIONS_IN_G
                             else (fmt.TQ1_0, fmt.pack_tq1_0(p.ternary, p.scale)))
    b158 = "bitnet-b1.58"
    (out / "gguf-i2s.gguf").write_bytes(fmt.gguf_bytes(
        gguf_kvs(a.config, b158, "tiny-model-a", 40, tok, True, False), gguf_tensors(a, i2s, False)))
    folder = out / "gguf-tq2"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "model.gguf").write_bytes(fmt.gguf_bytes(
        gguf_kvs(a.config, b158, "tiny-model-a", 37, tok, False, False), gguf_tensors(a, tq2, False)))
    write_tokenizer_files(folder, tok)
    (out / "gguf-f16-bitnet25.gguf").write_bytes(fmt.gguf_bytes(
        gguf_kvs(b.config, "bitnet-25", "bitnet2b_2501", 1, tok, True, False), gguf_tensors(b, f16, True)))
    (out / "gguf-tq1-q8.gguf").write_bytes(fmt.gguf_bytes(
        gguf_kvs(a.config, b158, "tiny-model-a", 36, tok, True, True), gguf_tensors(a, mixed, False)))


# ---------------------------------------------------------------------------------------------------- references

def fingerprint(model: ref.Model) -> dict:
    """Small facts per tensor that a loader test can assert without running the model."""
    fp = {}
    for li, layer in enumerate(model.layers):
        for proj, p in layer.proj.items():
            t = p.ternary
            fp[hf_name(li, proj)] = {"shape": list(t.shape), "scale": p.scale, "minus": int((t == -1).sum()),
                                     "zero": int((t == 0).sum()), "plus": int((t == 1).sum()),
                                     "row0_head": t[0, :8].tolist(), "last_row_tail": t[-1, -8:].tolist()}
        fp["model.layers.%d.input_layernorm" % li] = {"head": layer.input_norm[:4].tolist()}
        fp["model.layers.%d.mlp.ffn_sub_norm" % li] = {"head": layer.ffn_sub_norm[:4].tolist()}
    fp["model.embed_tokens"] = {"row1_head": model.embed[1, :4].tolist()}
    fp["model.norm"] = {"head": model.final_norm[:4].tolist()}
    if model.lm_head is not None:
        fp["lm_head"] = {"row1_head": model.lm_head[1, :4].tolist()}
    return fp


def write_reference(folder: Path, spec: Spec, r: Reference, prompt: list, tok: Tokenizer) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    np.save(folder / "logits.npy", r.logits.astype(np.float32))
    np.save(folder / "greedy_logits.npy", r.step_logits.astype(np.float32))
    cfg = r.model.config
    info = {
        "model": spec.name, "variants": list(spec.variants), "seed": r.seed,
        "config": {"vocab_size": cfg.vocab_size, "hidden_size": cfg.hidden_size,
                   "intermediate_size": cfg.intermediate_size, "num_layers": cfg.num_layers,
                   "num_heads": cfg.num_heads, "num_kv_heads": cfg.num_kv_heads, "head_dim": cfg.head_dim,
                   "rms_norm_eps": cfg.rms_norm_eps, "rope_theta": cfg.rope_theta,
                   "context_length": cfg.context_length, "tied": r.model.lm_head is None},
        "prompt_ids": prompt, "prompt_text": tok.decode(prompt), "bos_added": False,
        "logits_file": "logits.npy", "logits_shape": list(r.logits.shape), "logits_dtype": "float32",
        "logits_std": float(r.logits.std()),
        "computed_by": "reference.py, float64, from the intended arrays (not from the files)",
        "min_activation_boundary_distance": r.min_boundary_distance,
        "activation_boundary_margin_required": BOUNDARY_MARGIN,
        "tensors": fingerprint(r.model),
    }
    if r.latents:
        ratios = [np.abs(w.astype(np.float64) / max(np.mean(np.abs(w.astype(np.float64))), ref.WEIGHT_FLOOR))
                  for w in r.latents.values()]
        info["min_latent_distance_to_half"] = float(min(np.abs(x - 0.5).min() for x in ratios))
    write_json(folder / "reference.json", info)
    write_json(folder / "greedy.json", {"prompt_ids": prompt, "generated_ids": r.generated,
                                        "generated_text": tok.decode(r.generated), "margins": r.margins,
                                        "min_margin": min(r.margins), "steps": GREEDY_STEPS,
                                        "logits_file": "greedy_logits.npy (float32 [steps, vocab]: the last "
                                                       "position's logits of each step)",
                                        "method": "argmax of the last position, full recompute each step"})


CONVERSATIONS = [
    [{"role": "system", "content": "You are a helpful assistant."},
     {"role": "user", "content": "What is the capital of France?"}],
    [{"role": "user", "content": "  Hello, how are you today?\n"}],
    [{"role": "user", "content": "Tell me a joke."},
     {"role": "assistant", "content": "Why did the fox cross the road? To get to the forest!"},
     {"role": "user", "content": "Another one, please. Caf\u00e9 au lait?"}],
]


def render_chats(tok: Tokenizer) -> dict:
    env = jinja2.sandbox.ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True)
    template = env.from_string(CHAT_TEMPLATE)
    chats = []
    for messages in CONVERSATIONS:
        text = template.render(messages=messages, bos_token="<|begin_of_text|>", add_generation_prompt=True)
        chats.append({"messages": messages, "rendered": text, "ids": tok.encode(text)})
    return {"template": CHAT_TEMPLATE, "bos_token": "<|begin_of_text|>", "add_generation_prompt": True,
            "renderer": "Jinja2 ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True), as transformers",
            "ids_note": "ids: this generator's own BPE encoder (tiny_tokenizer.py), special tokens matched in the "
                        "text, no BOS added by the post-processor (the template already starts with one)",
            "conversations": chats}


# ---------------------------------------------------------------------------------------------------- main

def generate(out: Path) -> dict:
    tok = Tokenizer.train()
    prompt = tok.encode(PROMPT_TEXT)[:PROMPT_LENGTH]
    if len(prompt) != PROMPT_LENGTH:
        raise RuntimeError("prompt text too short")
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    write_json(out / "tokenizer.json", tok.tokenizer_json())
    write_json(out / "tokenizer_config.json", tokenizer_config(tok))
    refs = {}
    for spec in specs(tok.size):
        refs[spec.name] = r = settle(spec, prompt)
        write_reference(out / "reference" / spec.name, spec, r, prompt, tok)
    write_hf_autobitlinear(out / "hf-autobitlinear", refs["model-a"], tok)
    write_hf_bitlinear_sharded(out / "hf-bitlinear-sharded", refs["model-b"], tok)
    write_hf_latent(out / "hf-latent-f32", refs["model-c"], tok)
    write_gguf_variants(out, refs, tok)
    write_json(out / "chat-reference.json", render_chats(tok))
    (out / "README.md").write_text(readme(out, refs), encoding="utf-8")
    return refs


def readme(out: Path, refs: dict) -> str:
    sizes = {str(p.relative_to(out)): p.stat().st_size for p in sorted(out.rglob("*")) if p.is_file()}
    total = sum(sizes.values())
    rows = "\n".join("| `%s` | %d |" % (name, size) for name, size in sizes.items())
    seeds = ", ".join("%s seed %d" % (n, r.seed) for n, r in refs.items())
    return README_TEMPLATE.format(rows=rows, total=total, seeds=seeds)


README_TEMPLATE = """\
# Tiny BitNet b1.58 checkpoints and float64 reference outputs

Generated by `python3 bitnet.model/src/test/python/gen_tiny_models.py` (run from the repository root; numpy,
regex, Jinja2; byte-identical on every run), checked by `python3 bitnet.model/src/test/python/test_tiny_models.py`
(independent readers and decoders of every file). Do not edit by hand. Model layout and forward pass:
/work/shared/specs/bitnet-b158-2b4t.md; the reference forward pass is `reference.py`.

## Models
| model | shape | rope_theta | head | variants |
|---|---|---|---|---|
| model-a | hidden 256, intermediate 512, 2 layers, 4 heads, 2 kv heads (head_dim 64) | 500000 | tied | `hf-autobitlinear/`, `gguf-i2s.gguf`, `gguf-tq2/model.gguf`, `gguf-tq1-q8.gguf` |
| model-b | hidden 256, intermediate 768, 3 layers, 8 heads, 8 kv heads (head_dim 32) | 10000 | untied `lm_head` | `hf-bitlinear-sharded/`, `gguf-f16-bitnet25.gguf` |
| model-c | hidden 128, intermediate 384, 1 layer, 2 heads, 1 kv head (head_dim 64), latent float weights | 10000 | tied | `hf-latent-f32/` |

All: vocab 512 (`tokenizer.json`), context 128, rms_norm_eps 1e-5, no biases, relu2. Seeds: {seeds}.
Variants of one model hold identical numbers (ternary matrices, scales, norms, embeddings), so
`reference/<model>/` holds for every variant of that model. model-c's reference applies the absmean rule
(scale = mean|W| over the whole matrix, T = clip(round(W / scale), -1, 1)) to the stored float32 latent matrices;
accumulate mean|W| in double to reproduce it.

## Variants
- `hf-autobitlinear/`: the official 2B4T layout. `model.safetensors`: BF16 embed and norms, U8 `[out/4, in]` packed
  projections (row blocks of out/4, code t+1, lowest bits = first block), BF16 `weight_scale` `[1]` that multiplies
  (`quantization_config.linear_class = autobitlinear`), tied, `torch_dtype`; `generation_config.json` with
  `eos_token_id` [<|end_of_text|>, <|eot_id|>].
- `hf-bitlinear-sharded/`: `linear_class = bitlinear`: the stored `weight_scale` is the reciprocal 1/scale (powers of
  two, so both are exact); untied BF16 `lm_head.weight`; two shards + `model.safetensors.index.json` (layers straddle
  the shards); newer transformers keys: `dtype`, `rope_parameters.rope_theta`, `head_dim`. No generation_config.
- `hf-latent-f32/`: unquantized: every tensor F32, projections are latent float matrices, no `quantization_config`,
  tied; the loader must quantize with absmean.
- `gguf-i2s.gguf`: GGUF v3, `general.architecture = bitnet-b1.58`, `general.file_type = 40`, I2_S (type 36)
  projections, F32 norms, F16 `token_embd`, no `output.weight`; tokenizer in `tokenizer.ggml.*` (model gpt2, tokens,
  token_type 1/3, merges, bos/eos/eot ids, add_bos_token true, no `tokenizer.ggml.pre`) and `tokenizer.chat_template`.
- `gguf-tq2/model.gguf`: model-a with TQ2_0 (type 35) projections, file_type 37; it carries NO `tokenizer.*` keys:
  the tokenizer is the `tokenizer.json` / `tokenizer_config.json` beside it.
- `gguf-f16-bitnet25.gguf`: model-b, `general.architecture = bitnet-25` (the April 2025 official name,
  `general.name = bitnet2b_2501`), projections F16 holding T * scale, F16 `output.weight` (= model-b's untied
  lm_head, which differs from its embedding), file_type 1.
- `gguf-tq1-q8.gguf`: model-a with TQ1_0 (type 34) q/k/gate/down and Q8_0 (type 8) v/o/up (Q8_0 of T * scale:
  d = scale/127 exactly, q = 127 T), explicit `general.alignment = 32` (u32), file_type 36.
- `tokenizer.json`, `tokenizer_config.json` (top level): the shared tokenizer (BOS `<|begin_of_text|>` 509,
  `<|end_of_text|>` 510 = config eos_token_id, `<|eot_id|>` 511 = tokenizer_config eos_token), copied into each HF
  folder and beside `gguf-tq2/model.gguf`.
- `reference/<model>/`: `logits.npy` (float32 [12, 512], every position of the 12-token prompt, no BOS),
  `greedy.json` (10 greedy tokens by full recompute, the best-minus-second logit margin of each step),
  `reference.json` (config, prompt, seed, the smallest distance of any activation x*s from a k + 0.5 rounding
  boundary in the reference run, and per-tensor fingerprints: shape, scale, counts of -1/0/+1, first/last values).
- `chat-reference.json`: three conversations rendered with Jinja2 from the 2B4T chat template, and their ids from the
  generator's own BPE encoder (not Hugging Face's `tokenizers`).

## Sizes (bytes)
| file | bytes |
|---|---|
{rows}

Total: {total} bytes (this README not counted).
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    refs = generate(args.out)
    for name, r in refs.items():
        print("%s: seed %d, min greedy margin %.4f, min boundary distance %.5f, logits std %.3f, generated %s"
              % (name, r.seed, min(r.margins), r.min_boundary_distance, r.logits.std(), r.generated))


if __name__ == "__main__":
    main()
