#!/usr/bin/env python3
"""Writes the quantization golden file: NumPy results of every QuantSpec formula, independent of the Java code.

Run from the repository root:   python3 bitnet.quant/src/test/python/gen_quant_golden.py
(numpy 2.x; writes bitnet.quant/src/test/resources/golden/quant_golden.txt, byte-for-byte reproducible).

The formulas are the documented ones (docs/quant.md, QuantSpec, /work/shared/specs/bitnet-b158-2b4t.md), computed
here in float32 step by step as the documentation states them, rounding half to even (np.rint):

  TERNARY_ABSMEAN  gamma = mean|w| over a scale group (summed exactly, rounded once to float32; 0 for no elements)
                   d = gamma + 1e-5 (float32);  q = clip(rint(w / d), -1, 1);  w' = q * gamma
  INT8_ABSMAX      per row: s = 127 / max(max|x|, 1e-5);  q = clip(rint(x * s), -128, 127);  x' = q / s
  INT8_SYMMETRIC   per tensor or row: scale = max(max|x|, 1e-8) / 127;  q = clip(rint(x / scale), -127, 127)
                   x' = q * scale
  INT8_ASYMMETRIC  per tensor or row: lo = min(min x, 0), hi = max(max x, 0);  scale = max(hi - lo, 1e-8) / 255
                   zp = clip(rint(-128 - lo / scale), -128, 127);  q = clip(rint(x / scale) + zp, -128, 127)
                   x' = (q - zp) * scale
  INT4_GROUP       per row, groups of `group` columns (the last may be shorter): scale = max(max|x|, 1e-8) / 7
                   q = clip(rint(x / scale), -8, 7);  x' = q * scale
  FP16             IEEE binary16, round to nearest even (NumPy's float16 cast), overflow to infinity
  BF16             the nearer of the two bfloat16 neighbours by exact distance, ties to the even one; past the
                   largest finite bfloat16's half-way point, infinity (computed below without the bit trick
                   HalfPrecision uses)

A tensor [..., n] is rows of n (rank 0 is one row of 1). STATIC cases give the scales (and zero points) as inputs;
they are also the expected scales of the result.

File format, one case per line, '#' lines are comments; tokens separated by one space, each key=value, lists
comma-separated (an empty list is an empty value):
  name scheme granularity group mode shape x values scales zero_points dequantized [divisors] [absmax]
floats are float32 values in NumPy's shortest round-trip form ("Infinity" for an infinity), which Java's
Float.parseFloat reads back to the same float; values are integers except for FP16/BF16, whose values are the
widened floats. divisors (TERNARY) are gamma + 1e-5 per scale group; absmax (INT8_ABSMAX) is max|x| per row.
"""
import math
import os

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "golden", "quant_golden.txt")
F = np.float32


def f32(v):
    return F(v)


# ---------------------------------------------------------------------------------------------------------------
# Formulas
# ---------------------------------------------------------------------------------------------------------------

def rows_of(x, shape):
    cols = shape[-1] if len(shape) > 0 else 1
    rows = 0 if cols == 0 else x.size // cols
    return x.reshape(rows, cols) if cols > 0 else np.zeros((int(np.prod(shape[:-1])), 0), F), cols


def lead(shape):
    return list(shape[:-1]) if len(shape) > 0 else []


def ternary_groups(shape, granularity, group):
    """Flat index lists of the scale groups, in the scale tensor's order."""
    n = int(np.prod(shape)) if len(shape) > 0 else 1
    cols = shape[-1] if len(shape) > 0 else 1
    rows = int(np.prod(shape[:-1])) if len(shape) > 0 else 1
    if granularity == "PER_TENSOR":
        return [list(range(n))]
    if granularity == "PER_CHANNEL":
        return [list(range(r * cols, (r + 1) * cols)) for r in range(rows)]
    per = (cols + group - 1) // group
    return [list(range(r * cols + g * group, r * cols + min((g + 1) * group, cols)))
            for r in range(rows) for g in range(per)]


def abs_mean(values):
    if len(values) == 0:
        return F(0)
    return F(math.fsum(abs(float(v)) for v in values) / len(values))


def ternary(x, shape, granularity, group, gammas=None):
    flat = x.reshape(-1)
    groups = ternary_groups(shape, granularity, group)
    if gammas is None:
        gammas = [abs_mean(flat[idx]) for idx in groups]
    q = np.zeros(flat.size, np.int64)
    deq = np.zeros(flat.size, F)
    divisors = []
    for idx, gamma in zip(groups, gammas):
        d = F(F(gamma) + F(1e-5))
        divisors.append(d)
        for i in idx:
            q[i] = int(np.clip(np.rint(F(flat[i]) / d), -1, 1))
            deq[i] = F(q[i]) * F(gamma)
    return q, [F(g) for g in gammas], [], deq, divisors


def int8_absmax(x, shape, given=None):
    m, _ = rows_of(x, shape)
    q = np.zeros(x.size, np.int64)
    deq = np.zeros(x.size, F)
    scales = []
    absmax = []
    cols = m.shape[1]
    for r in range(m.shape[0]):
        a = F(np.max(np.abs(m[r]))) if cols > 0 else F(0)
        absmax.append(a)
        s = F(given[r]) if given is not None else F(F(127) / max(a, F(1e-5)))
        scales.append(s)
        for c in range(cols):
            i = r * cols + c
            q[i] = int(np.clip(np.rint(F(m[r, c]) * s), -128, 127))
            deq[i] = F(q[i]) / s
    return q, scales, [], deq, absmax


def int8_groups(x, shape, granularity):
    n = x.size
    if granularity == "PER_TENSOR":
        return [list(range(n))]
    cols = shape[-1] if len(shape) > 0 else 1
    rows = int(np.prod(shape[:-1])) if len(shape) > 0 else 1
    return [list(range(r * cols, (r + 1) * cols)) for r in range(rows)]


def int8_symmetric(x, shape, granularity, given=None):
    flat = x.reshape(-1)
    q = np.zeros(flat.size, np.int64)
    deq = np.zeros(flat.size, F)
    scales = []
    for k, idx in enumerate(int8_groups(x, shape, granularity)):
        a = F(np.max(np.abs(flat[idx]))) if idx else F(0)
        scale = F(given[k]) if given is not None else F(max(a, F(1e-8)) / F(127))
        scales.append(scale)
        for i in idx:
            q[i] = int(np.clip(np.rint(F(flat[i]) / scale), -127, 127))
            deq[i] = F(q[i]) * scale
    return q, scales, [], deq


def int8_asymmetric(x, shape, granularity, given=None, given_zp=None):
    flat = x.reshape(-1)
    q = np.zeros(flat.size, np.int64)
    deq = np.zeros(flat.size, F)
    scales = []
    zps = []
    for k, idx in enumerate(int8_groups(x, shape, granularity)):
        if given is not None:
            scale = F(given[k])
            zp = int(given_zp[k])
        else:
            lo = min(F(np.min(flat[idx])), F(0)) if idx else F(0)
            hi = max(F(np.max(flat[idx])), F(0)) if idx else F(0)
            scale = F(max(F(hi - lo), F(1e-8)) / F(255))
            zp = int(np.clip(np.rint(F(-128) - F(lo / scale)), -128, 127))
        scales.append(scale)
        zps.append(zp)
        for i in idx:
            q[i] = int(np.clip(np.rint(F(flat[i]) / scale) + zp, -128, 127))
            deq[i] = F(q[i] - zp) * scale
    return q, scales, zps, deq


def int4(x, shape, group, given=None):
    m, cols = rows_of(x, shape)
    per = (cols + group - 1) // group
    q = np.zeros(x.size, np.int64)
    deq = np.zeros(x.size, F)
    scales = []
    for r in range(m.shape[0]):
        for g in range(per):
            seg = m[r, g * group:min((g + 1) * group, cols)]
            k = r * per + g
            scale = F(given[k]) if given is not None else F(max(F(np.max(np.abs(seg))), F(1e-8)) / F(7))
            scales.append(scale)
            for c in range(g * group, min((g + 1) * group, cols)):
                i = r * cols + c
                q[i] = int(np.clip(np.rint(F(m[r, c]) / scale), -8, 7))
                deq[i] = F(q[i]) * scale
    return q, scales, [], deq


def fp16(x):
    with np.errstate(over="ignore"):  # overflow to infinity is the documented result
        h = x.reshape(-1).astype(np.float16).astype(F)
    return h, [], [], h


def bf16_one(v):
    """Nearest bfloat16 by exact distance, ties to the even significand; infinity past the last half-way point."""
    v = F(v)
    bits = int(np.array(v, F).view(np.uint32))
    sign = bits & 0x80000000
    mag = bits & 0x7FFFFFFF
    down = mag & 0xFFFF0000
    up = down + 0x10000
    if down == mag:
        return v
    dv = float(np.array(down, np.uint32).view(F))
    x = abs(float(v))
    if up >= 0x7F800000:
        # Past the largest finite bfloat16 the next value is infinity; the half-way point is that of a virtual
        # next step, as IEEE rounding defines overflow.
        uv = dv + 2.0 ** (((down >> 23) & 0xFF) - 127 - 7)
    else:
        uv = float(np.array(up, np.uint32).view(F))
    below, above = x - dv, uv - x
    pick_up = above < below or (above == below and ((down >> 16) & 1) == 1)
    out = up if pick_up else down
    if out >= 0x7F800000:
        return F(-np.inf) if sign else F(np.inf)
    return np.array(sign | out, np.uint32).view(F)


def bf16(x):
    h = np.array([bf16_one(v) for v in x.reshape(-1)], F)
    return h, [], [], h


# ---------------------------------------------------------------------------------------------------------------
# Cases
# ---------------------------------------------------------------------------------------------------------------

SPECS = [
    ("TERNARY_ABSMEAN", "PER_TENSOR", 0), ("TERNARY_ABSMEAN", "PER_CHANNEL", 0), ("TERNARY_ABSMEAN", "PER_GROUP", 8),
    ("INT8_ABSMAX", "PER_CHANNEL", 0), ("INT8_SYMMETRIC", "PER_TENSOR", 0), ("INT8_SYMMETRIC", "PER_CHANNEL", 0),
    ("INT8_ASYMMETRIC", "PER_TENSOR", 0), ("INT8_ASYMMETRIC", "PER_CHANNEL", 0), ("INT4_GROUP", "PER_GROUP", 7),
    ("INT4_GROUP", "PER_GROUP", 32), ("FP16", "PER_TENSOR", 0), ("BF16", "PER_TENSOR", 0),
]
SHAPES = [(5, 37), (3, 2, 33), (1,), (0,), (4, 0), (), (1, 65)]


def compute(scheme, granularity, group, x, shape, given=None, given_zp=None):
    extra = {}
    if scheme == "TERNARY_ABSMEAN":
        q, s, z, d, divisors = ternary(x, shape, granularity, group, given)
        extra["divisors"] = divisors
    elif scheme == "INT8_ABSMAX":
        q, s, z, d, absmax = int8_absmax(x, shape, given)
        extra["absmax"] = absmax
    elif scheme == "INT8_SYMMETRIC":
        q, s, z, d = int8_symmetric(x, shape, granularity, given)
    elif scheme == "INT8_ASYMMETRIC":
        q, s, z, d = int8_asymmetric(x, shape, granularity, given, given_zp)
    elif scheme == "INT4_GROUP":
        q, s, z, d = int4(x, shape, group, given)
    elif scheme == "FP16":
        q, s, z, d = fp16(x)
    else:
        q, s, z, d = bf16(x)
    return q, s, z, d, extra


def tie_row(others, n_pairs=1):
    """A row [a, -a, ..., others] whose gamma makes a / (gamma + 1e-5) exactly 0.5 in float32 (a fixed point)."""
    a = F(0.25)
    for _ in range(200):
        row = np.array([a, -a] * n_pairs + list(others), F)
        d = F(abs_mean(row) + F(1e-5))
        nxt = F(d * F(0.5))
        if nxt == a:
            assert F(a) / d == F(0.5) and F(-a) / d == F(-0.5), "no exact tie"
            return row
        a = nxt
    raise AssertionError("no fixed point for " + str(others))


def bits(*values):
    return np.array(values, np.uint32).view(F)


def edge_cases():
    """Hand-picked inputs: ties at .5 (which round half to even decides), clamp edges, zero and tiny groups."""
    z8 = [0.0] * 8
    tie6 = tie_row([1.0, -0.75, 0.2, 0.0])
    tie8 = tie_row([1.0, -0.75, 0.2, 0.0, 2.0, -0.1])
    yield ("ternary_tensor_ties", "TERNARY_ABSMEAN", "PER_TENSOR", 0, (1, 6), tie6, None, None)
    yield ("ternary_channel_ties", "TERNARY_ABSMEAN", "PER_CHANNEL", 0, (3, 6),
           np.concatenate([tie6, np.zeros(6, F), np.array([-5, 0.1, 0.3, 3, -0.2, 9], F)]), None, None)
    yield ("ternary_group8_ties", "TERNARY_ABSMEAN", "PER_GROUP", 8, (2, 16),
           np.concatenate([tie8, np.zeros(8, F), np.array([3, -3, 0.5, 0.25, 0, 0, 1, 1], F), tie8]), None, None)
    yield ("ternary_group4_even", "TERNARY_ABSMEAN", "PER_GROUP", 4, (3, 12),
           np.random.default_rng(4).standard_normal(36).astype(F), None, None)
    yield ("ternary_channel_static", "TERNARY_ABSMEAN", "PER_CHANNEL", 0, (2, 3),
           np.array([2, -0.3, 0.6, 1e-6, 6e-6, -2e-5], F), [1.0, 0.0], None)
    yield ("int8_token_ties", "INT8_ABSMAX", "PER_CHANNEL", 0, (4, 8),
           np.array([127, 0.5, 1.5, 2.5, -0.5, -2.5, -127, 126.5] + z8
                    + [1e-6, -5e-7, 2.5e-7, 0, 0, 0, 0, 0] + [2, -1, 0.5, -0.25, 1.5, 0, 0.75, -2], F), None, None)
    yield ("int8_token_static_clamp", "INT8_ABSMAX", "PER_CHANNEL", 0, (1, 4),
           np.array([2, -2, 0.5, -0.5], F), [127.0], None)
    yield ("int8_sym_tensor_ties", "INT8_SYMMETRIC", "PER_TENSOR", 0, (1, 8),
           np.array([127, 0.5, 1.5, 2.5, -0.5, -2.5, -127, 63.5], F), None, None)
    yield ("int8_sym_channel_ties", "INT8_SYMMETRIC", "PER_CHANNEL", 0, (3, 4),
           np.array([127, 0.5, -1.5, 2.5, 254, 1, -3, 5, 0, 0, 0, 0], F), None, None)
    yield ("int8_sym_tensor_static_clamp", "INT8_SYMMETRIC", "PER_TENSOR", 0, (4,),
           np.array([100, -100, 0.25, 0.75], F), [0.5], None)
    yield ("int8_asym_tensor_ties", "INT8_ASYMMETRIC", "PER_TENSOR", 0, (1, 6),
           np.array([-100.5, 154.5, 0.5, 1.5, -0.5, 2.5], F), None, None)
    yield ("int8_asym_channel_edges", "INT8_ASYMMETRIC", "PER_CHANNEL", 0, (4, 3),
           np.array([1, 2, 3, -1, -2, -0.5, -100.5, 154.5, 0.5, 0, 0, 0], F), None, None)
    yield ("int8_asym_tensor_static_clamp", "INT8_ASYMMETRIC", "PER_TENSOR", 0, (4,),
           np.array([200, -200, 0.5, -1.5], F), [1.0], [0])
    yield ("int8_asym_channel_static", "INT8_ASYMMETRIC", "PER_CHANNEL", 0, (2, 3),
           np.array([1, -1, 200, 0.75, -300, 5], F), [0.5, 2.0], [-10, 20])
    row = [7, 0.5, 1.5, 2.5, -3.5, 6.5, -7, 3, -1.5, 0.5]
    yield ("int4_group7_ties", "INT4_GROUP", "PER_GROUP", 7, (2, 10), np.array(row + [0] * 10, F), None, None)
    yield ("int4_group32_ties", "INT4_GROUP", "PER_GROUP", 32, (1, 10), np.array(row, F), None, None)
    yield ("int4_group2_static_clamp", "INT4_GROUP", "PER_GROUP", 2, (1, 4),
           np.array([5, -5, 0.25, 0.75], F), [0.5, 0.5], None)
    yield ("fp16_ties", "FP16", "PER_TENSOR", 0, (13,),
           np.array([1 + 2.0 ** -11, 1 + 3 * 2.0 ** -11, 65504, np.nextafter(F(65520), F(0)), 65520, -65520,
                     2.0 ** -25, 3 * 2.0 ** -25, 2.0 ** -24, -(1 + 2.0 ** -11), -0.0, 1e-8, 0.1], F), None, None)
    yield ("bf16_ties", "BF16", "PER_TENSOR", 0, (13,),
           bits(0x3F808000, 0x3F818000, 0x3F808001, 0x7F7FFFFF, 0x7F7F7FFF, 0x7F7F8000, 0x00008000, 0x00018000,
                0xBF808000, 0xBF818000, 0xFF7FFFFF, 0x80000000, 0x3DCCCCCD), None, None)


def fmt_float(v):
    v = F(v)
    if np.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    assert not np.isnan(v)
    s = str(v)
    assert F(float(s)) == v and (np.signbit(F(float(s))) == np.signbit(v))
    return s


def fmt_floats(vs):
    return ",".join(fmt_float(v) for v in vs)


def fmt_ints(vs):
    return ",".join(str(int(v)) for v in vs)


def line(name, scheme, granularity, group, mode, shape, x, q, s, z, d, extra):
    values = fmt_floats(q) if scheme in ("FP16", "BF16") else fmt_ints(q)
    parts = ["name=" + name, "scheme=" + scheme, "granularity=" + granularity, "group=" + str(group),
             "mode=" + mode, "shape=" + ",".join(str(v) for v in shape), "x=" + fmt_floats(x.reshape(-1)),
             "values=" + values, "scales=" + fmt_floats(s), "zero_points=" + fmt_ints(z),
             "dequantized=" + fmt_floats(d)]
    for k in ("divisors", "absmax"):
        if k in extra:
            parts.append(k + "=" + fmt_floats(extra[k]))
    return " ".join(parts)


def main():
    out = ["# Generated by bitnet.quant/src/test/python/gen_quant_golden.py (numpy " + np.__version__.split(".")[0]
           + ".x); do not edit. Formulas and format: see the script."]
    rng = np.random.default_rng(20261128)
    for scheme, granularity, group in SPECS:
        for shape in SHAPES:
            x = rng.standard_normal(shape).astype(F) if len(shape) > 0 else np.array(rng.standard_normal(), F)
            q, s, z, d, extra = compute(scheme, granularity, group, x, shape)
            name = "{}_{}_{}_{}".format(scheme.lower(), granularity.lower(), group,
                                        "x".join(str(v) for v in shape) or "scalar")
            out.append(line(name, scheme, granularity, group, "DYNAMIC", shape, x, q, s, z, d, extra))
    for name, scheme, granularity, group, shape, x, given, given_zp in edge_cases():
        x = np.asarray(x, F).reshape(shape)
        q, s, z, d, extra = compute(scheme, granularity, group, x, shape, given, given_zp)
        mode = "STATIC" if given is not None else "DYNAMIC"
        out.append(line(name, scheme, granularity, group, mode, shape, x, q, s, z, d, extra))
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="ascii", newline="\n") as f:
        f.write("\n".join(out) + "\n")
    print("wrote", len(out) - 1, "cases to", os.path.normpath(OUT))


if __name__ == "__main__":
    main()
