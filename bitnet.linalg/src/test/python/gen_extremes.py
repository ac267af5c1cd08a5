#!/usr/bin/env python3
"""Writes the golden files of bitnet.linalg's extreme-scale tests (ExtremeScaleTest): seeded Gaussian matrices
multiplied by 1e290, 1e-295, 1e300 and 1e-300 (F64) and, rounded to float32, by 1e36 and 1e-36 (F32), with NumPy's
results for each.

Run from this directory: python3 gen_extremes.py  (numpy 2.x; writes ../resources/golden/extremes/*.txt).
Same block format as gen_golden.py ("name rows cols", then rows*cols values in repr form; inf is written "inf").

base.txt holds the unscaled matrices ("<shape>.a", ".b", ".sym", ".spd"); a scaled file "<dtype>_<scale>.txt"
holds NumPy's results for a = base * scale (an IEEE product, which Java reproduces bit for bit), float32(base *
scale) for F32 (and float32(b) for the right-hand sides). The F32 references are NumPy's float64 results on the
float32-rounded matrix, which is what Linalg32 promises (compute in F64, round once). The machine's OpenBLAS build may change last bits on a rerun.

Every NumPy result is checked here against NumPy's own result at scale 1, scaled by hand, so that a golden is never
a NumPy failure at the extremes. f64_2p1020.txt (elements up to ~7.6e307) holds NumPy's results at scale 1 scaled
exactly by powers of two instead (see EXACT_POWER).
"""
import os
import warnings
import numpy as np

from gen_golden import block

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "golden", "extremes")

# name, m, n, whether symmetric and SPD companions exist, whether the big square blocks (inv, qr_r, pinv) are kept
SHAPES = [("tall_43x40", 43, 40), ("square_50x50", 50, 50), ("one_1x1", 1, 1), ("square_3x3", 3, 3),
          ("tall_4x3", 4, 3), ("wide_3x5", 3, 5)]
SCALES = [("f64", "1e290", 1e290), ("f64", "1e-295", 1e-295), ("f64", "1e300", 1e300), ("f64", "1e-300", 1e-300),
          ("f32", "1e36", 1e36), ("f32", "1e-36", 1e-36)]
# Near the top of the range (elements up to ~7.6e307), where sums of elements overflow in unscaled Householder
# and LU updates: NumPy's own routines are not trusted there, so the references are NumPy's results at scale 1
# multiplied by the exact power of two (2^k)^degree, rounded once where they leave the double range. The symmetric
# matrix (eigenvalues up to ~20) takes a smaller power, so that its spectrum stays finite, and the SPD matrix
# (elements up to ~120) a smaller, even one, so that it stays finite and its Cholesky factor scales exactly.
EXACT_POWER = 1020
EXACT_POWER_SYM = 1016
EXACT_POWER_SPD = 1012
# The degree of each result in A: result(2^k A) = 2^(k * degree) result(A).
DEGREE = {"svals": 1, "qr_r": 1, "pinv": -1, "lstsq_x": -1, "lstsq_residuals": 0, "lstsq_rank": 0, "norms": 1,
          "cond2": 0, "solve_x": -1, "cond1": 0, "inv": -1, "eigvals": 1, "chol": 0.5}
# Results of n x n or m x n size are kept only for matrices up to this many elements, to bound the files' size;
# the 50 x 50 case still checks Cholesky's factor, and 43 x 40 checks R and the pseudo-inverse.
BIG_BLOCK_LIMIT = 2000


def base():
    rng = np.random.default_rng(20261201)
    out = {}
    for name, m, n in SHAPES:
        out[name + ".a"] = rng.standard_normal((m, n))
        out[name + ".b"] = rng.standard_normal((m, 3))
        if m == n:
            g = rng.standard_normal((n, n))
            out[name + ".sym"] = g + g.T
            h = rng.standard_normal((n, n))
            out[name + ".spd"] = h @ h.T + n * np.eye(n)
    return out


def frobenius(a):
    """||a||_F as LAPACK's dlange computes it (scaled sums of squares): NumPy 2.4's norm(a, 'fro') squares the
    elements unscaled and returns inf at 1e290 and 0 at 1e-300. A power of two keeps the scaling exact."""
    top = np.max(np.abs(a))
    if top == 0:
        return 0.0
    s = np.ldexp(1.0, -int(np.frexp(top)[1]))
    return float(np.linalg.norm(a * s, "fro") / s)


def results(a, b, sym, spd, m, n):
    r = {}
    r["svals"] = np.linalg.svd(a, compute_uv=False)
    if m * n <= BIG_BLOCK_LIMIT:
        r["qr_r"] = np.linalg.qr(a, mode="r")
        r["pinv"] = np.linalg.pinv(a)
    x, res, rank, _ = np.linalg.lstsq(a, b)
    r["lstsq_x"] = x
    r["lstsq_rank"] = [[rank]]
    r["lstsq_residuals"] = res.reshape(1, -1) if res.size else np.zeros((0, 0))
    r["norms"] = [[frobenius(a), np.linalg.norm(a, 1), np.linalg.norm(a, np.inf),
                   np.linalg.norm(a, 2), np.linalg.norm(a, "nuc")]]
    r["cond2"] = [[np.linalg.cond(a)]]
    if m == n:
        sign, logdet = np.linalg.slogdet(a)
        r["slogdet"] = [[sign, logdet]]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # det overflows to inf, as it should
            r["det"] = [[np.linalg.det(a)]]
        r["solve_x"] = np.linalg.solve(a, b)
        r["cond1"] = [[np.linalg.cond(a, 1)]]
        if n * n <= BIG_BLOCK_LIMIT:
            r["inv"] = np.linalg.inv(a)
        r["eigvals"] = np.linalg.eigvalsh(sym)
        r["chol"] = np.linalg.cholesky(spd)
    return r


def check_against_unit_scale(r, unit, scale, label):
    """NumPy at scale c against c^p times NumPy at scale 1 (p the result's degree in A); fails loudly."""
    for key, p in DEGREE.items():
        if key not in r:
            continue
        got = np.abs(np.asarray(r[key], dtype=np.float64)) / scale ** p if p != 0 else np.abs(np.asarray(r[key]))
        want = np.abs(np.asarray(unit[key], dtype=np.float64))
        err = np.max(np.abs(got - want)) / max(np.max(want), 1e-300) if want.size else 0.0
        assert err < 1e-5, f"{label} {key}: NumPy at this scale is off by {err} from NumPy at scale 1"
    assert np.array_equal(r["lstsq_rank"], unit["lstsq_rank"]), label + " rank"
    if "slogdet" in r:
        n = np.asarray(unit["solve_x"]).shape[0]
        want = unit["slogdet"][0][1] + n * np.log(scale)
        assert abs(r["slogdet"][0][1] - want) < 1e-5 * max(1.0, abs(want)), label + " slogdet"


def exactly_scaled(unit, k, k_sym, k_spd, n):
    """NumPy's results for A, turned into those for 2^k A (2^k_sym for the symmetric, 2^k_spd for the SPD matrix) by
    powers of two, exact unless they leave the range."""
    out = {}
    with np.errstate(over="ignore", under="ignore"):
        for key, x in unit.items():
            if key in DEGREE:
                power = {"chol": k_spd, "eigvals": k_sym}.get(key, k) * DEGREE[key]
                assert power == int(power), key
                out[key] = np.ldexp(np.asarray(x, dtype=np.float64), int(power))
        if "det" in unit:
            out["det"] = np.ldexp(np.asarray(unit["det"], dtype=np.float64), k * n)
            sign, logdet = unit["slogdet"][0]
            out["slogdet"] = [[sign, logdet + k * n * np.log(2.0)]]
    return {key: out[key] for key in unit}


def main():
    os.makedirs(OUT, exist_ok=True)
    b = base()
    with open(os.path.join(OUT, "base.txt"), "w") as f:
        for key, x in b.items():
            block(f, key, x)
    for dtype, label, scale in SCALES:
        with open(os.path.join(OUT, f"{dtype}_{label}.txt"), "w") as f:
            for name, m, n in SHAPES:
                def scaled(key):
                    x = b[name + "." + key] * scale
                    return x.astype(np.float32).astype(np.float64) if dtype == "f32" else x
                sym = scaled("sym") if m == n else None
                spd = scaled("spd") if m == n else None
                bb = b[name + ".b"].astype(np.float32).astype(np.float64) if dtype == "f32" else b[name + ".b"]
                r = results(scaled("a"), bb, sym, spd, m, n)
                unit = results(b[name + ".a"], bb, b.get(name + ".sym"), b.get(name + ".spd"), m, n)
                if dtype == "f64":
                    check_against_unit_scale(r, unit, scale, f"{dtype} {label} {name}")
                for key, x in r.items():
                    block(f, name + "." + key, x)
    with open(os.path.join(OUT, f"f64_2p{EXACT_POWER}.txt"), "w") as f:
        for name, m, n in SHAPES:
            for key, power in (("a", EXACT_POWER), ("sym", EXACT_POWER_SYM), ("spd", EXACT_POWER_SPD)):
                if name + "." + key in b:
                    assert np.all(np.isfinite(np.ldexp(b[name + "." + key], power))), name + " " + key
            unit = results(b[name + ".a"], b[name + ".b"], b.get(name + ".sym"), b.get(name + ".spd"), m, n)
            for key, x in exactly_scaled(unit, EXACT_POWER, EXACT_POWER_SYM, EXACT_POWER_SPD, n).items():
                block(f, name + "." + key, x)


if __name__ == "__main__":
    main()
