"""Float64 reference forward pass of a BitNet b1.58 decoder (microsoft/bitnet-b1.58-2B-4T architecture).

Written from /work/shared/specs/bitnet-b158-2b4t.md (section 3), not from the Java runtime. The model is given as
numpy arrays: the ternary matrices T (int8, [out, in], values -1/0/+1) with one multiplicative scale each, so that
W = T * scale, plus the float norm weights and the embedding. No file format is involved here.

    x = E[token]
    per layer:
      h = RMSNorm(x; input_layernorm);  q, k, v = BitLinear(h);  RoPE(q, k)
      a = causal softmax(q k^T / sqrt(head_dim)) v   (query head h reads kv head h // (heads / kv_heads))
      x = x + BitLinear_o(RMSNorm(a; attn_sub_norm))
      h = RMSNorm(x; post_attention_layernorm)
      x = x + BitLinear_down(RMSNorm(relu(BitLinear_gate(h))^2 * BitLinear_up(h); ffn_sub_norm))
    logits = RMSNorm(x; norm) . lm_head^T        (lm_head = E when tied; a plain matmul, not quantised)

BitLinear, per token row: s = 127 / max(max|x|, 1e-5); q = clip(round_half_even(x s), -128, 127);
y = (T . q) * scale / s.  np.round rounds half to even, like torch.round.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Optional

import numpy as np

ACTIVATION_FLOOR = 1e-5  # max|x| is clamped here before 127 / max|x|
WEIGHT_FLOOR = 1e-5      # absmean is clamped here before W / absmean

PROJECTIONS = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")


@dataclass(frozen=True)
class Config:
    vocab_size: int
    hidden_size: int
    intermediate_size: int
    num_layers: int
    num_heads: int
    num_kv_heads: int
    rms_norm_eps: float
    rope_theta: float
    context_length: int

    @property
    def head_dim(self) -> int:
        return self.hidden_size // self.num_heads


@dataclass
class Projection:
    """W = ternary * scale; ternary is int8 [out, in] in {-1, 0, 1}, scale multiplies. Treat as immutable."""
    ternary: np.ndarray
    scale: float
    _transposed: Optional[np.ndarray] = field(default=None, init=False, repr=False, compare=False)

    def transposed(self) -> np.ndarray:
        """T^T as float64 [in, out], kept once computed."""
        if self._transposed is None:
            self._transposed = np.ascontiguousarray(self.ternary.T, dtype=np.float64)
        return self._transposed


@dataclass
class Layer:
    input_norm: np.ndarray
    attn_sub_norm: np.ndarray
    post_attention_norm: np.ndarray
    ffn_sub_norm: np.ndarray
    proj: dict = field(default_factory=dict)  # name in PROJECTIONS -> Projection


@dataclass
class Model:
    config: Config
    embed: np.ndarray            # [vocab, hidden]
    final_norm: np.ndarray       # [hidden]
    layers: list
    lm_head: Optional[np.ndarray] = None  # [vocab, hidden]; None = tied to embed

    def output_matrix(self) -> np.ndarray:
        return self.embed if self.lm_head is None else self.lm_head


def absmean_ternary(latent: np.ndarray) -> Projection:
    """b1.58 weight quantisation of a latent float matrix: scale = mean|W| (clamped), T = clip(round(W/scale))."""
    w = np.asarray(latent, dtype=np.float64)
    scale = max(float(np.mean(np.abs(w))), WEIGHT_FLOOR)
    ternary = np.clip(np.round(w / scale), -1, 1).astype(np.int8)
    return Projection(ternary, scale)


def rms_norm(x: np.ndarray, weight: np.ndarray, eps: float) -> np.ndarray:
    return weight * x / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + eps)


def activation_quant(x: np.ndarray):
    """Per-row int8 absmax quantisation. Returns (q, s, x*s); q is exact integers held in float64."""
    s = 127.0 / np.maximum(np.max(np.abs(x), axis=-1, keepdims=True), ACTIVATION_FLOOR)
    scaled = x * s
    q = np.clip(np.round(scaled), -128, 127)
    return q, s, scaled


def bitlinear_quantized(q: np.ndarray, s: np.ndarray, p: Projection) -> np.ndarray:
    # Integer dot products are exact in float64 (|sum| < 2^53).
    return (q @ p.transposed()) * p.scale / s


def rope(x: np.ndarray, positions: np.ndarray, theta: float) -> np.ndarray:
    """NEOX / rotate_half rotary embedding of x [tokens, heads, d]: pairs (i, i + d/2), inv_freq = theta^(-2i/d)."""
    d = x.shape[-1]
    half = d // 2
    inv_freq = theta ** (-(2.0 * np.arange(half)) / d)
    angle = positions[:, None].astype(np.float64) * inv_freq[None, :]          # [tokens, half]
    cos = np.cos(angle)[:, None, :]
    sin = np.sin(angle)[:, None, :]
    lo, hi = x[..., :half], x[..., half:]
    return np.concatenate([lo * cos - hi * sin, hi * cos + lo * sin], axis=-1)


def attention(q: np.ndarray, k: np.ndarray, v: np.ndarray, cfg: Config) -> np.ndarray:
    """Causal GQA attention; q [T, H, d], k/v [T, KV, d] -> [T, H*d]."""
    n = q.shape[0]
    group = cfg.num_heads // cfg.num_kv_heads
    mask = np.triu(np.ones((n, n), dtype=bool), k=1)
    out = np.empty_like(q)
    for h in range(cfg.num_heads):
        kv = h // group
        scores = (q[:, h, :] @ k[:, kv, :].T) * cfg.head_dim ** -0.5
        scores[mask] = -np.inf
        scores -= scores.max(axis=-1, keepdims=True)
        p = np.exp(scores)
        p /= p.sum(axis=-1, keepdims=True)
        out[:, h, :] = p @ v[:, kv, :]
    return out.reshape(n, cfg.num_heads * cfg.head_dim)


# A trace callback sees the input x of every activation quantisation: (layer, point, x) with point one of
# "attn_in" (input of q/k/v), "attn_sub" (input of o), "ffn_in" (input of gate/up), "ffn_sub" (input of down).
Trace = Callable[[int, str, np.ndarray], None]


def forward(model: Model, tokens, trace: Optional[Trace] = None) -> np.ndarray:
    """Logits [len(tokens), vocab] for the token ids at positions 0..n-1 (full recompute, no cache)."""
    cfg = model.config
    ids = np.asarray(tokens, dtype=np.int64)
    n = ids.shape[0]
    positions = np.arange(n)
    eps = cfg.rms_norm_eps
    x = model.embed[ids].astype(np.float64)

    def quantize(layer: int, point: str, h: np.ndarray):
        if trace is not None:
            trace(layer, point, h)
        q, s, _ = activation_quant(h)
        return q, s

    for li, layer in enumerate(model.layers):
        p = layer.proj
        q8, s = quantize(li, "attn_in", rms_norm(x, layer.input_norm, eps))
        q = bitlinear_quantized(q8, s, p["q_proj"]).reshape(n, cfg.num_heads, cfg.head_dim)
        k = bitlinear_quantized(q8, s, p["k_proj"]).reshape(n, cfg.num_kv_heads, cfg.head_dim)
        v = bitlinear_quantized(q8, s, p["v_proj"]).reshape(n, cfg.num_kv_heads, cfg.head_dim)
        q = rope(q, positions, cfg.rope_theta)
        k = rope(k, positions, cfg.rope_theta)
        a = attention(q, k, v, cfg)
        q8, s = quantize(li, "attn_sub", rms_norm(a, layer.attn_sub_norm, eps))
        x = x + bitlinear_quantized(q8, s, p["o_proj"])

        q8, s = quantize(li, "ffn_in", rms_norm(x, layer.post_attention_norm, eps))
        gate = bitlinear_quantized(q8, s, p["gate_proj"])
        up = bitlinear_quantized(q8, s, p["up_proj"])
        m = np.maximum(gate, 0.0) ** 2 * up
        q8, s = quantize(li, "ffn_sub", rms_norm(m, layer.ffn_sub_norm, eps))
        x = x + bitlinear_quantized(q8, s, p["down_proj"])

    return rms_norm(x, model.final_norm, eps) @ model.output_matrix().astype(np.float64).T


def greedy(model: Model, prompt, steps: int, trace: Optional[Trace] = None):
    """Greedy continuation by full recompute. Returns (new ids, best - second best logit per step,
    the last position's logits of each step [steps, vocab])."""
    ids = list(prompt)
    new_ids, margins, step_logits = [], [], []
    for _ in range(steps):
        last = forward(model, ids, trace)[-1]
        order = np.argsort(-last, kind="stable")
        new_ids.append(int(order[0]))
        margins.append(float(last[order[0]] - last[order[1]]))
        step_logits.append(last)
        ids.append(int(order[0]))
    return new_ids, margins, np.array(step_logits)


def distance_to_half(scaled: np.ndarray) -> np.ndarray:
    """How far each x*s is from a rounding boundary k + 0.5 (0.5 = on an integer)."""
    return np.abs(scaled - np.floor(scaled) - 0.5)
