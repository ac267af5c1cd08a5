#!/usr/bin/env python3
"""Generates NumPy golden data for bitnet's tensor operations.

One .npz per case in ../resources/golden/ (arrays in0, in1, ... and out, or out0, out1, ... for ops with several
outputs) and manifest.json, a list of
  {"case", "op", "inputs", "params", "outputs", "rtol", "atol", "tolerance", ["view"], ["note"]}.
A result r matches the expected e when |r - e| <= atol + rtol * |e| element by element, NaN matches only NaN,
and an infinity matches only the same infinity. Output dtypes and shapes must match exactly.
"view": "transpose" means the Java runner passes in0 transposed (numpy's in0.T, every axis reversed), as a
strided view rather than a copy; the expected output was computed from in0.T.

Run from the repository root:   python3 bitnet.numpy/src/test/python/gen_golden.py
Only numpy is needed. The output is byte-for-byte reproducible: seeds are fixed per case and zip entries carry
a fixed timestamp, so regenerating without changing this script leaves git clean.
"""
import io
import json
import math
import os
import shutil
import zipfile
import zlib

import numpy as np
import numpy.lib.format as npformat

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "golden")
F32 = np.float32
F64 = np.float64
EPS32 = float(np.finfo(F32).eps)  # 2**-23, one unit in the last place at 1.0

# Named float32 tolerances: (rtol, atol) and why.
TOL = {
    # IEEE 754 requires correctly rounded +, -, *, /, sqrt; selection, comparison, sign and copy ops are exact.
    # The expected values are NumPy's own float32 results, so any correct implementation matches bit for bit.
    "exact": (0.0, 0.0),
    # 1/sqrt(x) is two correctly rounded steps (or one fused approximation): at most ~2 ulp apart.
    "rsqrt": (2 * EPS32 + 1e-12, 0.0),
    # exp, log, tanh, erf, pow: libm float32 functions are within 1-2 ulp; the reference is computed in float64
    # and rounded once, so allow a few ulp relative, and a small absolute floor where results pass through 0.
    "transcendental": (2e-6, 1e-7),
    # composites (sigmoid, silu, gelu, softmax): a few transcendental steps and a sum; 1+erf(x) and similar
    # cancel for large negative x, where only an absolute bound is meaningful.
    "composite": (4e-6, 1e-6),
}


def reduction_tol(n):
    """A float32 sum of n terms in any order (sequential, pairwise, SIMD lanes) errs by at most ~n ulp and typically
    by ~sqrt(n) ulp of the sum of magnitudes; inputs here are O(1), so scale both bounds with sqrt(n)."""
    s = math.sqrt(max(n, 1))
    return 4 * EPS32 * s, 4 * EPS32 * s


def dot_tol(k, scale):
    """Each output of a length-k dot product is a sum of k products: as reduction_tol, scaled by the largest
    sum of |a_i * b_i| so that outputs near 0 (cancellation) get an absolute bound."""
    s = math.sqrt(max(k, 1))
    return 4 * EPS32 * s, 4 * EPS32 * s * max(scale, 1.0)


CASES = []


def seed_of(name):
    return zlib.crc32(name.encode("utf-8"))


def rng_for(name):
    return np.random.default_rng(seed_of(name))


def write_npz(path, arrays):
    # Written by hand rather than numpy.savez so that the zip timestamp is fixed and regeneration is reproducible.
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as z:
        for key, value in arrays.items():
            buf = io.BytesIO()
            npformat.write_array(buf, np.asarray(value), allow_pickle=False)
            info = zipfile.ZipInfo(key + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
            z.writestr(info, buf.getvalue())


def case(name, op, inputs, outputs, params=None, tol="exact", view=None, note=None):
    if any(c["case"] == name for c in CASES):
        raise ValueError("duplicate case " + name)
    if isinstance(tol, str):
        rtol, atol = TOL[tol]
        tol_name = tol
    else:
        (rtol, atol), tol_name = tol[0], tol[1]
    arrays = {}
    for i, a in enumerate(inputs):
        arrays["in%d" % i] = a
    outs = outputs if isinstance(outputs, list) else [outputs]
    out_names = ["out"] if not isinstance(outputs, list) else ["out%d" % i for i in range(len(outs))]
    for n, a in zip(out_names, outs):
        arrays[n] = a
    for k, a in arrays.items():
        if np.asarray(a).dtype == F64 and not (op == "cast" and k.startswith("out")):
            raise ValueError(name + ": " + k + " is float64; golden data is float32 unless the op is about dtype")
    write_npz(os.path.join(OUT, name + ".npz"), arrays)
    entry = {"case": name, "op": op, "inputs": ["in%d" % i for i in range(len(inputs))],
             "params": params or {}, "outputs": out_names, "rtol": float(rtol), "atol": float(atol),
             "tolerance": tol_name}
    if view:
        entry["view"] = view
    if note:
        entry["note"] = note
    CASES.append(entry)


def f32(x):
    return np.asarray(x, dtype=F32)


def c_order(x):
    """A C-ordered copy that keeps rank 0 (np.ascontiguousarray would turn a scalar into shape (1,))."""
    return np.array(x, order="C", copy=True)


def via64(fn, *arrays):
    """Evaluates fn in float64 on float32 inputs and rounds the result once to float32."""
    return np.asarray(fn(*[np.asarray(a, dtype=F64) for a in arrays])).astype(F32)


def normal(r, shape, scale=1.0):
    return (r.standard_normal(shape) * scale).astype(F32)


def uniform(r, shape, lo, hi):
    return r.uniform(lo, hi, shape).astype(F32)


def away_from_zero(r, shape, lo, hi):
    return (uniform(r, shape, lo, hi) * np.where(r.random(shape) < 0.5, -1, 1)).astype(F32)


# ---------------------------------------------------------------------------------------------------------------
# Element-wise binary ops with NumPy broadcasting.

BINARY = {
    "add": (lambda a, b: np.add(a, b), "exact", lambda r, s: normal(r, s), lambda r, s: normal(r, s)),
    "sub": (lambda a, b: np.subtract(a, b), "exact", lambda r, s: normal(r, s), lambda r, s: normal(r, s)),
    "mul": (lambda a, b: np.multiply(a, b), "exact", lambda r, s: normal(r, s), lambda r, s: normal(r, s)),
    "div": (lambda a, b: np.divide(a, b), "exact", lambda r, s: normal(r, s),
            lambda r, s: away_from_zero(r, s, 0.5, 2.0)),
    # floor-mod: the result takes the sign of the divisor, as numpy.remainder and Python's %.
    "remainder": (lambda a, b: via64(np.remainder, a, b), "remainder", lambda r, s: uniform(r, s, -10, 10),
                  lambda r, s: away_from_zero(r, s, 0.5, 3.0)),
    "pow": (lambda a, b: via64(np.power, a, b), "transcendental", lambda r, s: uniform(r, s, 0.5, 2.0),
            lambda r, s: uniform(r, s, -2.0, 2.0)),
    "maximum": (lambda a, b: np.maximum(a, b), "exact", lambda r, s: normal(r, s), lambda r, s: normal(r, s)),
    "minimum": (lambda a, b: np.minimum(a, b), "exact", lambda r, s: normal(r, s), lambda r, s: normal(r, s)),
}

BROADCASTS = {
    "same_3x5": ((3, 5), (3, 5)),
    "broadcast_row": ((3, 5), (5,)),
    "broadcast_col": ((3, 5), (3, 1)),
    "broadcast_scalar": ((3, 5), ()),
    "broadcast_scalar_left": ((), (4, 3)),
    "broadcast_both": ((3, 1), (1, 5)),
    "rank0": ((), ()),
    "broadcast_3d": ((2, 3, 4), (3, 1)),
    "empty": ((0, 3), (3,)),
}
ODD = [(7,), (15,), (17,), (33,)]


def remainder_tol(a):
    # a - b * floor(a / b) (a common implementation) loses up to a few ulp of |a|; numpy's fmod path is exact.
    scale = float(np.max(np.abs(a))) if a.size else 1.0
    return (0.0, 4 * EPS32 * max(scale, 1.0)), "remainder"


def gen_binary():
    for op, (fn, tol, ga, gb) in BINARY.items():
        shapes = dict(BROADCASTS)
        if op in ("add", "sub", "mul", "div", "maximum"):
            shapes.update({"odd_%d" % s[0]: (s, s) for s in ODD})
        for label, (sa, sb) in shapes.items():
            name = "%s_%s" % (op, label)
            r = rng_for(name)
            a, b = ga(r, sa), gb(r, sb)
            t = remainder_tol(a) if op == "remainder" else tol
            case(name, op, [a, b], f32(fn(a, b)), tol=t)
        # A strided operand: in0 is stored transposed and must be passed as a view.
        name = op + "_transposed_view"
        r = rng_for(name)
        a, b = ga(r, (5, 3)), gb(r, (3, 5))
        t = remainder_tol(a) if op == "remainder" else tol
        case(name, op, [a, b], f32(fn(a.T, b)), tol=t, view="transpose")

    specials = f32([np.nan, np.inf, -np.inf, 1.0, -0.0, 0.0, np.inf, np.nan])
    others = f32([1.0, -np.inf, np.inf, np.nan, 0.0, -0.0, np.inf, -2.0])
    case("add_nan_inf", "add", [specials, others], np.add(specials, others),
         note="inf + -inf is NaN; NaN propagates; -0 + 0 is +0")
    case("maximum_nan_inf", "maximum", [specials, others], np.maximum(specials, others), note="NaN propagates")
    case("minimum_nan_inf", "minimum", [specials, others], np.minimum(specials, others), note="NaN propagates")
    num = f32([1.0, -1.0, 0.0, np.inf, 3.0])
    den = f32([0.0, 0.0, 0.0, np.inf, -0.0])
    case("div_by_zero", "div", [num, den], np.divide(num, den), note="IEEE: x/0 is +-inf, 0/0 and inf/inf NaN")
    a = f32([5.0, -5.0, 5.0, -5.0, 0.0, 7.5, -7.5])
    b = f32([3.0, 3.0, -3.0, -3.0, 2.0, 2.0, 2.0])
    case("remainder_signs", "remainder", [a, b], via64(np.remainder, a, b),
         note="floor-mod: the sign of the result follows the divisor (numpy.remainder), not fmod")


# ---------------------------------------------------------------------------------------------------------------
# Comparisons: float32 masks of 1.0 and 0.0. where(mask, x, y).

COMPARE = {"eq": np.equal, "ne": np.not_equal, "lt": np.less, "le": np.less_equal, "gt": np.greater,
           "ge": np.greater_equal}


def gen_compare():
    for op, fn in COMPARE.items():
        for label, (sa, sb) in {"same_3x5": ((3, 5), (3, 5)), "broadcast_row": ((3, 5), (5,)),
                                "broadcast_scalar": ((3, 5), ()), "empty": ((0, 3), (3,))}.items():
            name = "%s_%s" % (op, label)
            r = rng_for(name)
            # Small integers, so that equal pairs occur often.
            a = r.integers(-2, 3, sa).astype(F32)
            b = r.integers(-2, 3, sb).astype(F32)
            case(name, op, [a, b], fn(a, b).astype(F32))
        a = f32([np.nan, np.nan, 1.0, np.inf, -0.0])
        b = f32([np.nan, 1.0, np.nan, np.inf, 0.0])
        case(op + "_nan", op, [a, b], fn(a, b).astype(F32), note="NaN compares unequal to everything; -0 == +0")


def gen_where():
    r = rng_for("where")
    mask = (r.random((3, 5)) < 0.5).astype(F32)
    x, y = normal(r, (3, 5)), normal(r, (3, 5))
    case("where_same_3x5", "where", [mask, x, y], np.where(mask != 0, x, y))
    mask = f32([[1.0], [0.0], [1.0]])
    x, y = normal(r, (1, 5)), f32(7.0)
    case("where_broadcast", "where", [mask, x, y], np.where(mask != 0, x, y).astype(F32))
    mask, x, y = np.zeros((0, 3), F32), np.zeros((0, 3), F32), np.zeros((3,), F32)
    case("where_empty", "where", [mask, x, y], np.where(mask != 0, x, y).astype(F32))


# ---------------------------------------------------------------------------------------------------------------
# Unary ops.

def sigmoid64(x):
    return 0.5 * (1 + np.tanh(0.5 * x))  # no overflow for large |x|


def gelu_erf64(x):
    erf = np.vectorize(math.erf, otypes=[F64])
    return 0.5 * x * (1 + erf(x / math.sqrt(2)))


def gelu_tanh64(x):
    return 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x ** 3)))


UNARY = {
    # op: (reference, tolerance, input generator, special values or None)
    "neg": (lambda x: np.negative(x), "exact", lambda r, s: normal(r, s), [np.nan, np.inf, -np.inf, 0.0, -0.0]),
    "abs": (lambda x: np.abs(x), "exact", lambda r, s: normal(r, s), [np.nan, np.inf, -np.inf, -0.0, -3.5]),
    "sqrt": (lambda x: np.sqrt(x), "exact", lambda r, s: uniform(r, s, 0.01, 10),
             [0.0, -0.0, -1.0, np.inf, np.nan, 1e-45]),
    "rsqrt": (lambda x: via64(lambda v: 1 / np.sqrt(v), x), "rsqrt", lambda r, s: uniform(r, s, 0.01, 10),
              [0.0, -1.0, np.inf, np.nan, 4.0]),
    "exp": (lambda x: via64(np.exp, x), "transcendental", lambda r, s: uniform(r, s, -10, 10),
            [-np.inf, np.inf, np.nan, 88.0, 89.0, -104.0, 0.0]),
    "log": (lambda x: via64(np.log, x), "transcendental", lambda r, s: uniform(r, s, 0.01, 10),
            [0.0, -1.0, np.inf, np.nan, 1.0]),
    "relu": (lambda x: np.maximum(x, F32(0)), "exact", lambda r, s: normal(r, s),
             [np.nan, np.inf, -np.inf, -0.0, 0.0]),
    "relu2": (lambda x: np.square(np.maximum(x, F32(0))), "exact", lambda r, s: normal(r, s),
              [np.nan, np.inf, -np.inf, -1.0, 3.0]),
    "sigmoid": (lambda x: via64(sigmoid64, x), "composite", lambda r, s: normal(r, s, 3),
                [-np.inf, np.inf, np.nan, -100.0, 100.0, 0.0]),
    "tanh": (lambda x: via64(np.tanh, x), "transcendental", lambda r, s: normal(r, s, 2),
             [-np.inf, np.inf, np.nan, -20.0, 20.0, 0.0]),
    "silu": (lambda x: via64(lambda v: v * sigmoid64(v), x), "composite", lambda r, s: normal(r, s, 3),
             [np.nan, -100.0, 100.0, 0.0, -5.0]),
}


def gen_unary():
    for op, (fn, tol, gen, specials) in UNARY.items():
        for label, shape in {"3x5": (3, 5), "odd_33": (33,), "odd_7": (7,), "scalar": (), "empty": (0, 3),
                             "3d": (2, 3, 4)}.items():
            name = "%s_%s" % (op, label)
            x = gen(rng_for(name), shape)
            case(name, op, [x], f32(fn(x)), tol=tol)
        if specials is not None:
            x = f32(specials)
            with np.errstate(all="ignore"):
                case(op + "_special", op, [x], f32(fn(x)), tol=tol, note="NaN, infinities, signed zeros, limits")
        name = op + "_transposed_view"
        x = gen(rng_for(name), (5, 3))
        case(name, op, [x], f32(fn(x.T)), tol=tol, view="transpose")
    for approx, fn in (("none", gelu_erf64), ("tanh", gelu_tanh64)):
        for label, shape in {"3x5": (3, 5), "odd_33": (33,), "scalar": (), "empty": (0, 3)}.items():
            name = "gelu_%s_%s" % (approx, label)
            x = normal(rng_for(name), shape, 3)
            case(name, "gelu", [x], via64(fn, x), params={"approximate": approx}, tol="composite")
        x = f32([-20.0, -5.0, -1e-3, 0.0, 1e-3, 5.0, 20.0, np.nan])
        case("gelu_%s_special" % approx, "gelu", [x], via64(fn, x), params={"approximate": approx},
             tol="composite", note="large |x|: gelu(x) -> 0 or x; NaN propagates")
    r = rng_for("clamp")
    x = normal(r, (3, 5), 2)
    for label, params in {"both": {"min": -0.5, "max": 1.25}, "min_only": {"min": 0.0},
                          "max_only": {"max": -0.25}}.items():
        lo, hi = params.get("min"), params.get("max")
        case("clamp_" + label, "clamp", [x], np.clip(x, lo, hi).astype(F32), params=params)
    x = f32([np.nan, -np.inf, np.inf, -0.75, 0.3])
    case("clamp_special", "clamp", [x], np.clip(x, F32(-0.5), F32(0.5)), params={"min": -0.5, "max": 0.5},
         note="NaN stays NaN; infinities clamp to the bounds")
    x = np.zeros((0, 3), F32)
    case("clamp_empty", "clamp", [x], np.clip(x, F32(-1), F32(1)), params={"min": -1.0, "max": 1.0})


# ---------------------------------------------------------------------------------------------------------------
# Reductions.

def reduce_count(shape, axis):
    if axis is None:
        return int(np.prod(shape, dtype=np.int64))
    axes = [axis] if isinstance(axis, int) else axis
    return int(np.prod([shape[a] for a in axes], dtype=np.int64))


def logsumexp64(x, axis=None, keepdims=False):
    m = np.max(x, axis=axis, keepdims=True) if x.size else np.zeros([1] * x.ndim)
    m = np.where(np.isfinite(m), m, 0)
    out = np.log(np.sum(np.exp(x - m), axis=axis, keepdims=True)) + m
    return out if keepdims else np.squeeze(out, axis=axis if axis is not None else tuple(range(x.ndim)))


REDUCE = {
    "sum": lambda x, **k: np.sum(x, **k),
    "mean": lambda x, **k: np.mean(x, **k),
    "var": lambda x, **k: np.var(x, **k),
    "std": lambda x, **k: np.std(x, **k),
    "min": lambda x, **k: np.min(x, **k),
    "max": lambda x, **k: np.max(x, **k),
    "prod": lambda x, **k: np.prod(x, **k),
    "logsumexp": lambda x, **k: logsumexp64(x, **k),
}

REDUCE_LAYOUTS = {
    "all_3x5": ((3, 5), None, False),
    "axis0_3x5": ((3, 5), 0, False),
    "axis1_3x5": ((3, 5), 1, False),
    "axis_neg1_keepdims_3x5": ((3, 5), -1, True),
    "axes02_2x3x4": ((2, 3, 4), [0, 2], False),
    "axes12_keepdims_2x3x4": ((2, 3, 4), [1, 2], True),
    "all_keepdims_2x3x4": ((2, 3, 4), None, True),
    "odd_33": ((33,), 0, False),
    "odd_17x7": ((17, 7), 0, False),
    "scalar": ((), None, False),
}


def reduce_params(axis, keepdims, extra=None):
    p = {} if axis is None else {"axis": axis}
    p["keepdims"] = keepdims
    p.update(extra or {})
    return p


def gen_reductions():
    for op, fn in REDUCE.items():
        ddofs = [0, 1] if op in ("var", "std") else [None]
        for label, (shape, axis, keepdims) in REDUCE_LAYOUTS.items():
            for ddof in ddofs:
                if ddof == 1 and (label == "scalar" or reduce_count(shape, axis) < 2):
                    continue
                name = "%s_%s" % (op, label) + ("_ddof%d" % ddof if ddof is not None else "")
                r = rng_for(name)
                x = uniform(r, shape, 0.5, 1.5) if op == "prod" else normal(r, shape)
                kw = {"axis": tuple(axis) if isinstance(axis, list) else axis, "keepdims": keepdims}
                if ddof is not None:
                    kw["ddof"] = ddof
                n = reduce_count(shape, axis)
                if op in ("min", "max"):
                    tol = "exact"
                elif op == "prod":
                    tol = ((2 * EPS32 * max(n, 1), 0.0), "product")  # each factor adds up to one rounding
                else:
                    tol = (reduction_tol(n), "reduction")
                extra = {"ddof": ddof} if ddof is not None else None
                case(name, op, [x], via64(lambda v: fn(v, **kw), x),
                     params=reduce_params(axis, keepdims, extra), tol=tol)
    # Identities of empty reductions: sum 0, prod 1, logsumexp -inf.
    x = np.zeros((0, 3), F32)
    case("sum_empty_axis0", "sum", [x], np.sum(x, axis=0), params=reduce_params(0, False))
    case("sum_empty_all", "sum", [x], np.sum(x).astype(F32), params=reduce_params(None, False))
    case("sum_empty_axis1", "sum", [x], np.sum(x, axis=1), params=reduce_params(1, False))
    case("prod_empty_all", "prod", [x], np.prod(x).astype(F32), params=reduce_params(None, False))
    with np.errstate(divide="ignore"):
        case("logsumexp_empty_axis0", "logsumexp", [x], via64(lambda v: logsumexp64(v, axis=0), x),
             params=reduce_params(0, False), note="the log of an empty sum is -inf")
    # NaN and infinities.
    x = f32([[1.0, np.nan, 3.0], [np.inf, -2.0, 0.5], [-np.inf, 4.0, 1.0]])
    for op in ("max", "min"):
        case(op + "_nan_inf_axis1", op, [x], REDUCE[op](x, axis=1), params=reduce_params(1, False),
             note="a NaN in a row makes that row's result NaN; infinities are ordinary extremes")
        case(op + "_nan_all", op, [x], f32(REDUCE[op](x)), params=reduce_params(None, False))
    case("sum_inf_axis0", "sum", [x[1:]], np.sum(x[1:], axis=0), params=reduce_params(0, False),
         note="inf + -inf is NaN")
    # argmin / argmax: int32 indices, single axis or flattened; first occurrence wins ties.
    for op, fn in (("argmin", np.argmin), ("argmax", np.argmax)):
        for label, (shape, axis, keepdims) in {"all_3x5": ((3, 5), None, False), "axis0_3x5": ((3, 5), 0, False),
                                               "axis1_3x5": ((3, 5), 1, False),
                                               "axis_neg1_keepdims_2x3x4": ((2, 3, 4), -1, True),
                                               "odd_33": ((33,), 0, False)}.items():
            name = "%s_%s" % (op, label)
            x = normal(rng_for(name), shape)
            out = np.asarray(fn(x, axis=axis, keepdims=keepdims)).astype(np.int32)
            case(name, op, [x], out, params=reduce_params(axis, keepdims))
        x = f32([[1.0, 3.0, 3.0, -2.0, -2.0], [0.0, 0.0, 0.0, 0.0, 0.0]])
        case(op + "_ties", op, [x], fn(x, axis=1).astype(np.int32), params=reduce_params(1, False),
             note="ties: the first index wins")


# ---------------------------------------------------------------------------------------------------------------
# softmax, log_softmax, rms_norm, layer_norm.

def softmax64(x, axis):
    m = np.max(x, axis=axis, keepdims=True)
    e = np.exp(x - m)
    return e / np.sum(e, axis=axis, keepdims=True)


def log_softmax64(x, axis):
    m = np.max(x, axis=axis, keepdims=True)
    return x - m - np.log(np.sum(np.exp(x - m), axis=axis, keepdims=True))


def gen_softmax():
    for op, fn in (("softmax", softmax64), ("log_softmax", log_softmax64)):
        for label, (shape, axis) in {"3x5_axis_neg1": ((3, 5), -1), "3x5_axis0": ((3, 5), 0),
                                     "2x3x4_axis1": ((2, 3, 4), 1), "odd_33": ((33,), 0),
                                     "odd_4x17": ((4, 17), -1), "empty_0x5": ((0, 5), -1)}.items():
            name = "%s_%s" % (op, label)
            x = normal(rng_for(name), shape, 2)
            n = shape[axis]
            rtol = TOL["composite"][0] + reduction_tol(n)[0]
            atol = TOL["composite"][1] * (10 if op == "log_softmax" else 1)
            case(name, op, [x], via64(lambda v: fn(v, axis), x), params={"axis": axis}, tol=((rtol, atol), "softmax"))
        x = f32([[1000.0, 1001.0, 1002.0], [-1000.0, -1001.0, -1002.0]])
        case(op + "_large", op, [x], via64(lambda v: fn(v, -1), x), params={"axis": -1},
             tol="composite", note="must subtract the row maximum: exp(1000) overflows")
        x = f32([[0.5, -np.inf, 1.5, -np.inf], [np.nan, 1.0, 2.0, 3.0]])
        with np.errstate(invalid="ignore"):
            case(op + "_masked_nan", op, [x], via64(lambda v: fn(v, -1), x), params={"axis": -1},
                 tol="composite", note="-inf entries get probability 0 (masking); a NaN makes its row NaN")
        name = op + "_transposed_view"
        x = normal(rng_for(name), (5, 3), 2)
        case(name, op, [x], via64(lambda v: fn(v, -1), x.T), params={"axis": -1}, tol="composite",
             view="transpose")


def gen_norms():
    for label, (shape, eps) in {"3x8": ((3, 8), 1e-6), "2x3x16": ((2, 3, 16), 1e-5), "odd_5x33": ((5, 33), 1e-6),
                                "row_1": ((1,), 1e-6), "eps_dominates": ((2, 4), 1.0)}.items():
        r = rng_for("rms_norm_" + label)
        x = normal(r, shape, 0.001 if label == "eps_dominates" else 1)
        w = uniform(r, shape[-1:], 0.5, 1.5)
        n = shape[-1]

        def rms(v, wv, eps=eps):
            return v / np.sqrt(np.mean(v * v, axis=-1, keepdims=True) + eps) * wv

        rtol = 1e-5 + reduction_tol(n)[0]
        case("rms_norm_" + label, "rms_norm", [x, w], via64(rms, x, w), params={"eps": eps},
             tol=((rtol, 1e-6), "norm"))
        r = rng_for("layer_norm_" + label)
        x = normal(r, shape, 0.001 if label == "eps_dominates" else 1) + F32(0.5)
        w = uniform(r, shape[-1:], 0.5, 1.5)
        b = normal(r, shape[-1:], 0.1)

        def ln(v, wv, bv, eps=eps):
            mu = np.mean(v, axis=-1, keepdims=True)
            var = np.mean((v - mu) ** 2, axis=-1, keepdims=True)
            return (v - mu) / np.sqrt(var + eps) * wv + bv

        # x - mean cancels: the absolute error is about eps32 * |x| / std per element.
        case("layer_norm_" + label, "layer_norm", [x, w, b], via64(ln, x, w, b), params={"eps": eps},
             tol=((rtol, 1e-5), "norm"))
    x = np.zeros((0, 8), F32)
    w = np.ones((8,), F32)
    case("rms_norm_empty", "rms_norm", [x, w], x.copy(), params={"eps": 1e-6})
    case("layer_norm_empty", "layer_norm", [x, w, np.zeros((8,), F32)], x.copy(), params={"eps": 1e-5})


# ---------------------------------------------------------------------------------------------------------------
# matmul, dot, outer.

def gen_linalg():
    for label, (sa, sb) in {"3x4_4x5": ((3, 4), (4, 5)), "vec_mat": ((4,), (4, 5)), "mat_vec": ((3, 4), (4,)),
                            "vec_vec": ((7,), (7,)), "batch_2x3x4_4x5": ((2, 3, 4), (4, 5)),
                            "batch_broadcast": ((2, 1, 3, 4), (3, 4, 2)), "batched_both": ((2, 3, 4), (2, 4, 6)),
                            "odd_7x17_17x15": ((7, 17), (17, 15)), "odd_k33": ((3, 33), (33, 5)),
                            "one_1x1": ((1, 1), (1, 1)), "empty_m": ((0, 4), (4, 5)),
                            "empty_k": ((3, 0), (0, 5))}.items():
        name = "matmul_" + label
        r = rng_for(name)
        a, b = normal(r, sa), normal(r, sb)
        k = sa[-1]
        scale = float(np.max(np.matmul(np.abs(a).astype(F64), np.abs(b).astype(F64)), initial=0.0))
        case(name, "matmul", [a, b], via64(np.matmul, a, b), tol=(dot_tol(k, scale), "dot"),
             note="empty K gives zeros" if label == "empty_k" else None)
    name = "matmul_transposed_view"
    r = rng_for(name)
    a, b = normal(r, (4, 3)), normal(r, (4, 5))
    scale = float(np.max(np.abs(a.T).astype(F64) @ np.abs(b).astype(F64)))
    case(name, "matmul", [a, b], via64(np.matmul, a.T, b), tol=(dot_tol(4, scale), "dot"), view="transpose")
    for label, n in {"17": 17, "33": 33, "1": 1, "empty": 0}.items():
        name = "dot_" + label
        r = rng_for(name)
        a, b = normal(r, (n,)), normal(r, (n,))
        scale = float(np.sum(np.abs(a).astype(F64) * np.abs(b)))
        case(name, "dot", [a, b], via64(np.dot, a, b), tol=(dot_tol(n, scale), "dot"))
    for label, (m, n) in {"3x5": (3, 5), "1x7": (1, 7), "empty": (0, 4)}.items():
        name = "outer_" + label
        r = rng_for(name)
        a, b = normal(r, (m,)), normal(r, (n,))
        case(name, "outer", [a, b], np.outer(a, b).astype(F32), note="one float32 product per element: exact")


# ---------------------------------------------------------------------------------------------------------------
# Shape ops (exact: they move values).

def gen_shape_ops():
    def x_of(name, shape):
        return normal(rng_for(name), shape)

    for label, (shape, axes) in {"2d": ((3, 5), None), "3d_default": ((2, 3, 4), None),
                                 "3d_102": ((2, 3, 4), [1, 0, 2]), "3d_201": ((2, 3, 4), [2, 0, 1]),
                                 "scalar": ((), None), "empty": ((0, 3), None)}.items():
        name = "transpose_" + label
        x = x_of(name, shape)
        case(name, "transpose", [x], c_order(np.transpose(x, axes)),
             params={} if axes is None else {"axes": axes})
    for label, (shape, new) in {"3x4_to_2x6": ((3, 4), [2, 6]), "flatten": ((3, 4), [-1]),
                                "2x3x4_to_4_neg1": ((2, 3, 4), [4, -1]), "scalar_to_1": ((), [1]),
                                "one_to_scalar": ((1,), []), "empty": ((0, 3), [3, 0])}.items():
        name = "reshape_" + label
        x = x_of(name, shape)
        case(name, "reshape", [x], np.reshape(x, new), params={"shape": new})
    for label, (shape, axis) in {"all": ((1, 3, 1, 5), None), "axis0": ((1, 3, 1, 5), 0),
                                 "axis_neg2": ((1, 3, 1, 5), -2),
                                 "to_scalar": ((1,), None)}.items():
        name = "squeeze_" + label
        x = x_of(name, shape)
        out = np.squeeze(x, axis=axis)
        case(name, "squeeze", [x], c_order(out), params={} if axis is None else {"axis": axis})
    for label, (shape, axis) in {"axis0": ((3, 5), 0), "axis1": ((3, 5), 1), "axis2": ((3, 5), 2),
                                 "axis_neg1": ((3, 5), -1), "scalar": ((), 0)}.items():
        name = "unsqueeze_" + label
        x = x_of(name, shape)
        case(name, "unsqueeze", [x], np.expand_dims(x, axis), params={"axis": axis})
    for label, (shapes, axis) in {"axis0": ([(2, 3), (4, 3)], 0), "axis1_three": ([(2, 3), (2, 1), (2, 5)], 1),
                                  "axis_neg1_3d": ([(2, 2, 3), (2, 2, 1)], -1),
                                  "with_empty": ([(0, 3), (2, 3)], 0), "odd_1d": ([(7,), (15,), (17,)], 0)}.items():
        name = "concat_" + label
        r = rng_for(name)
        xs = [normal(r, s) for s in shapes]
        case(name, "concat", xs, np.concatenate(xs, axis=axis), params={"axis": axis})
    for label, (shape, count, axis) in {"axis0": ((2, 3), 3, 0), "axis1": ((2, 3), 2, 1),
                                        "axis_neg1": ((2, 3), 3, -1), "scalars": ((), 3, 0),
                                        "empty": ((0, 2), 2, 1)}.items():
        name = "stack_" + label
        r = rng_for(name)
        xs = [normal(r, shape) for _ in range(count)]
        case(name, "stack", xs, np.stack(xs, axis=axis), params={"axis": axis})
    for label, (shape, spec, axis) in {"sections3_axis0": ((6, 4), 3, 0), "indices_axis1": ((2, 5), [1, 3], 1),
                                       "sections2_1d": ((4,), 2, 0), "indices_with_empty": ((5,), [0, 2], 0),
                                       "indices_past_end": ((5, 2), [3, 9], 0)}.items():
        name = "split_" + label
        x = x_of(name, shape)
        parts = [c_order(p) for p in np.split(x, spec, axis=axis)]
        params = {"sections": spec} if isinstance(spec, int) else {"indices": spec}
        params["axis"] = axis
        case(name, "split", [x], parts, params=params)
    for label, (shape, idx, axis) in {"axis0": ((5, 3), [0, 4, 2, 2], 0), "axis1": ((5, 3), [2, 0], 1),
                                      "axis_neg1_3d": ((2, 3, 4), [3, 0, 1], -1), "empty_indices": ((5, 3), [], 0),
                                      "scalar_rows": ((4,), [1, 1, 3], 0)}.items():
        name = "index_select_" + label
        x = x_of(name, shape)
        indices = np.asarray(idx, dtype=np.int32)
        case(name, "index_select", [x, indices], np.take(x, indices, axis=axis), params={"axis": axis})


# ---------------------------------------------------------------------------------------------------------------
# cast: float16 and float64 as numpy's astype (round to nearest even, overflow to inf); int8 and int32 by the
# project's rule: round half to even (numpy.rint), saturate at the type's range, NaN becomes 0.

INT_RANGE = {"int8": (-128, 127), "int32": (-2 ** 31, 2 ** 31 - 1)}


def cast_ref(x, dtype):
    if dtype in INT_RANGE:
        lo, hi = INT_RANGE[dtype]
        v = np.asarray(x, dtype=F64)
        v = np.where(np.isnan(v), 0, np.clip(np.rint(v), lo, hi))
        return v.astype(dtype)
    return np.asarray(x).astype(dtype)


def gen_cast():
    for dtype in ("float16", "int8", "int32", "float64"):
        name = "cast_%s_3x5" % dtype
        x = normal(rng_for(name), (3, 5), 50)
        case(name, "cast", [x], cast_ref(x, dtype), params={"dtype": dtype})
        special = f32([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 126.6, 127.5, 128.0, -128.5, -129.0, 1000.0, -1e10,
                       3e9, -3e9, np.inf, -np.inf, np.nan, -0.0, 65504.0, 65520.0, 1e-8, 6e-8])
        with np.errstate(all="ignore"):
            case("cast_%s_special" % dtype, "cast", [special], cast_ref(special, dtype), params={"dtype": dtype},
                 note="ties to even, saturation, NaN and infinities, float16 overflow and subnormals")
        case("cast_%s_empty" % dtype, "cast", [np.zeros((0, 3), F32)], cast_ref(np.zeros((0, 3), F32), dtype),
             params={"dtype": dtype})


def main():
    # NaN, infinities and empty reductions are made on purpose; NumPy's warnings about them are noise here.
    np.seterr(all="ignore")
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    os.makedirs(OUT)
    gen_binary()
    gen_compare()
    gen_where()
    gen_unary()
    gen_reductions()
    gen_softmax()
    gen_norms()
    gen_linalg()
    gen_shape_ops()
    gen_cast()
    # One case per line: easy to grep, and a regenerated case shows up as a one-line diff.
    with open(os.path.join(OUT, "manifest.json"), "w", encoding="utf-8") as f:
        f.write("[\n" + ",\n".join(json.dumps(c, allow_nan=False) for c in CASES) + "\n]\n")
    total = sum(os.path.getsize(os.path.join(OUT, n)) for n in os.listdir(OUT))
    print("%d cases, %d bytes in %s" % (len(CASES), total, os.path.normpath(OUT)))


if __name__ == "__main__":
    main()
