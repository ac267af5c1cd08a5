#!/usr/bin/env python3
"""Checks that the golden tolerances are neither too tight nor vacuous.

For the ops whose float32 results depend on evaluation order or on libm, this recomputes every committed case
with a plain float32 implementation of the kind a Java backend would write (sequential accumulation, no fused
multiply-add, float32 transcendentals, a - b*floor(a/b) for remainder) and asserts that it passes the case's
rtol/atol. It then perturbs one finite expected value of each case by 0.1 % and asserts that the perturbation
fails, so that no tolerance accepts everything.

Run from the repository root after gen_golden.py:   python3 bitnet.numpy/src/test/python/check_golden.py
"""
import json
import math
import os
import sys

import numpy as np

GOLDEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "golden")
F32 = np.float32


def axes_of(axis, ndim):
    if axis is None:
        return list(range(ndim))
    return sorted(a % ndim for a in ([axis] if isinstance(axis, int) else axis))


def over_axes(x, axis, keepdims, fn):
    """Moves the reduced axes last, flattens them, applies fn(y) -> y.shape[:-1], restores keepdims."""
    axes = axes_of(axis, x.ndim)
    kept = [a for a in range(x.ndim) if a not in axes]
    n = int(np.prod([x.shape[a] for a in axes], dtype=np.int64))
    y = np.transpose(x, kept + axes).reshape([x.shape[a] for a in kept] + [n])
    out = np.asarray(fn(y), dtype=F32)
    if keepdims:
        out = out.reshape([1 if a in axes else x.shape[a] for a in range(x.ndim)])
    return out


def seq_sum(y):
    acc = np.zeros(y.shape[:-1], F32)
    for i in range(y.shape[-1]):
        acc = (acc + y[..., i]).astype(F32)
    return acc


def seq_prod(y):
    acc = np.ones(y.shape[:-1], F32)
    for i in range(y.shape[-1]):
        acc = (acc * y[..., i]).astype(F32)
    return acc


def seq_var(y, ddof):
    n = y.shape[-1]
    mean = seq_sum(y) / F32(n)
    d = (y - mean[..., None]).astype(F32)
    return seq_sum((d * d).astype(F32)) / F32(n - ddof)


def seq_logsumexp(y):
    m = np.max(y, axis=-1) if y.shape[-1] else np.zeros(y.shape[:-1], F32)
    m = np.where(np.isfinite(m), m, F32(0)).astype(F32)
    return (np.log(seq_sum(np.exp(y - m[..., None]))) + m).astype(F32)


def naive_matmul(a, b):
    a2 = a if a.ndim > 1 else a[None, :]
    b2 = b if b.ndim > 1 else b[:, None]
    shape = np.broadcast_shapes(a2.shape[:-2], b2.shape[:-2]) + (a2.shape[-2], b2.shape[-1])
    acc = np.zeros(shape, F32)
    for k in range(a2.shape[-1]):
        acc = (acc + (a2[..., :, k, None] * b2[..., None, k, :]).astype(F32)).astype(F32)
    if a.ndim == 1:
        acc = acc[..., 0, :]
    if b.ndim == 1:
        acc = acc[..., 0]
    return acc


def softmax32(x, axis, log):
    x = np.moveaxis(x, axis, -1)
    m = np.max(x, axis=-1, keepdims=True) if x.shape[-1] else np.zeros(x.shape[:-1] + (1,), F32)
    s = seq_sum(np.exp((x - m).astype(F32)))[..., None]
    out = (x - m - np.log(s)) if log else np.exp((x - m).astype(F32)) / s
    return np.moveaxis(out.astype(F32), -1, axis)


def sigmoid32(x):
    return (F32(1) / (F32(1) + np.exp(-x))).astype(F32)


def erf32(x):
    return np.vectorize(lambda v: F32(math.erf(float(v))), otypes=[F32])(x) if x.size else x


def gelu32(x, approximate):
    if approximate == "tanh":
        inner = F32(math.sqrt(2 / math.pi)) * (x + F32(0.044715) * x * x * x)
        return (F32(0.5) * x * (F32(1) + np.tanh(inner))).astype(F32)
    return (F32(0.5) * x * (F32(1) + erf32(x / F32(math.sqrt(2))))).astype(F32)


def rms_norm32(x, w, eps):
    n = x.shape[-1]
    ms = seq_sum((x * x).astype(F32)) / F32(n)
    return (x / np.sqrt(ms[..., None] + F32(eps)) * w).astype(F32)


def layer_norm32(x, w, b, eps):
    n = x.shape[-1]
    mean = seq_sum(x) / F32(n)
    d = (x - mean[..., None]).astype(F32)
    var = seq_sum((d * d).astype(F32)) / F32(n)
    return (d / np.sqrt(var[..., None] + F32(eps)) * w + b).astype(F32)


def alternative(op, ins, p):
    """A plain float32 implementation, or None where the golden tolerance is exact."""
    keep = p.get("keepdims", False)
    axis = p.get("axis")
    x = ins[0]
    table = {
        "sum": lambda: over_axes(x, axis, keep, seq_sum),
        "mean": lambda: over_axes(x, axis, keep, lambda y: seq_sum(y) / F32(max(y.shape[-1], 1))),
        "var": lambda: over_axes(x, axis, keep, lambda y: seq_var(y, p["ddof"])),
        "std": lambda: over_axes(x, axis, keep, lambda y: np.sqrt(seq_var(y, p["ddof"]))),
        "prod": lambda: over_axes(x, axis, keep, seq_prod),
        "logsumexp": lambda: over_axes(x, axis, keep, seq_logsumexp),
        "matmul": lambda: naive_matmul(x, ins[1]),
        "dot": lambda: naive_matmul(x, ins[1]),
        "softmax": lambda: softmax32(x, axis, False),
        "log_softmax": lambda: softmax32(x, axis, True),
        "rms_norm": lambda: rms_norm32(x, ins[1], p["eps"]),
        "layer_norm": lambda: layer_norm32(x, ins[1], ins[2], p["eps"]),
        "exp": lambda: np.exp(x),
        "log": lambda: np.log(x),
        "tanh": lambda: np.tanh(x),
        "rsqrt": lambda: (F32(1) / np.sqrt(x)).astype(F32),
        "sigmoid": lambda: sigmoid32(x),
        "silu": lambda: (x * sigmoid32(x)).astype(F32),
        "gelu": lambda: gelu32(x, p["approximate"]),
        "pow": lambda: np.power(x, ins[1]),
        "remainder": lambda: (x - ins[1] * np.floor(x / ins[1])).astype(F32),
    }
    return table[op]() if op in table else None


def mismatches(actual, expected, rtol, atol):
    a = np.asarray(actual, dtype=np.float64)
    e = np.asarray(expected, dtype=np.float64)
    if a.shape != e.shape:
        return "shape %s != %s" % (a.shape, e.shape)
    nan_ok = np.isnan(a) == np.isnan(e)
    inf_ok = np.where(np.isinf(e), a == e, True)
    with np.errstate(invalid="ignore"):
        close = np.where(np.isnan(e) | np.isinf(e), True, np.abs(a - e) <= atol + rtol * np.abs(e))
    bad = ~(nan_ok & inf_ok & close)
    if bad.any():
        i = np.argmax(bad.ravel())
        return "%d of %d differ, e.g. flat %d: %r vs %r" % (bad.sum(), bad.size, i, a.ravel()[i], e.ravel()[i])
    return None


def main():
    np.seterr(all="ignore")
    with open(os.path.join(GOLDEN, "manifest.json"), encoding="utf-8") as f:
        cases = json.load(f)
    failures, checked, caught = [], 0, 0
    for c in cases:
        z = np.load(os.path.join(GOLDEN, c["case"] + ".npz"))
        if list(z.files) != c["inputs"] + c["outputs"]:
            failures.append("%s: arrays %s do not match the manifest" % (c["case"], z.files))
            continue
        ins = [z[k] for k in c["inputs"]]
        if c.get("view") == "transpose":
            ins[0] = ins[0].T
        alt = alternative(c["op"], ins, c["params"])
        expected = z[c["outputs"][0]]
        if alt is not None:
            checked += 1
            m = mismatches(alt, expected, c["rtol"], c["atol"])
            if m:
                failures.append("%s (%s, rtol %g, atol %g): float32 alternative fails: %s"
                                % (c["case"], c["tolerance"], c["rtol"], c["atol"], m))
        finite = np.isfinite(expected) if expected.dtype.kind == "f" else None
        if finite is not None and finite.any():
            # An error of 0.1 % (thousands of ulp) must be rejected by every tolerance.
            wrong = expected.astype(np.float64).copy()
            i = np.argmax(finite.ravel())
            v = wrong.ravel()[i]
            wrong.ravel()[i] = v + 1e-3 * max(abs(v), 1.0)
            if mismatches(wrong.astype(expected.dtype), expected, c["rtol"], c["atol"]) is None:
                failures.append("%s: a 0.1%% error passes the %s tolerance" % (c["case"], c["tolerance"]))
            caught += 1
    print("%d cases, %d recomputed with a plain float32 implementation, %d checked to reject a 0.1%% error"
          % (len(cases), checked, caught))
    for f in failures:
        print("FAIL " + f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
