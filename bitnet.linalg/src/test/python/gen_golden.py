#!/usr/bin/env python3
"""Writes the golden files of bitnet.linalg's tests: seeded matrices and NumPy/LAPACK results for them.

Run from this directory: python3 gen_golden.py  (numpy 2.x; writes ../resources/golden/*.txt).
Each file is a list of blocks "name rows cols" followed by rows*cols values in repr (round-trip) form.
"""
import os
import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "golden")


def with_singular_values(rng, m, n, s):
    u, _ = np.linalg.qr(rng.standard_normal((m, m)))
    v, _ = np.linalg.qr(rng.standard_normal((n, n)))
    k = min(m, n)
    d = np.zeros((m, n))
    d[np.arange(k), np.arange(k)] = s
    return u @ d @ v.T


def cases():
    rng = np.random.default_rng(20261127)
    yield "well_8x8", rng.standard_normal((8, 8)), False
    yield "well_48x48", rng.standard_normal((48, 48)), False
    g = rng.standard_normal((64, 64))
    yield "spd_64x64", g @ g.T + 64 * np.eye(64), True
    g = rng.standard_normal((17, 17))
    yield "sym_indefinite_17x17", g + g.T, True
    yield "ill_20x20", with_singular_values(rng, 20, 20, np.logspace(0, -10, 20)), False
    s = np.concatenate([np.linspace(10, 1, 12), np.zeros(8)])
    yield "rankdef_30x20", with_singular_values(rng, 30, 20, s), False
    yield "tall_40x12", rng.standard_normal((40, 12)), False
    yield "wide_12x40", rng.standard_normal((12, 40)), False
    yield "one_1x1", np.array([[-3.5]]), True


def block(f, name, x):
    x = np.atleast_2d(np.asarray(x, dtype=np.float64))
    f.write(f"{name} {x.shape[0]} {x.shape[1]}\n")
    f.write(" ".join(repr(float(v)) for v in x.ravel()) + "\n")


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(7)
    for name, a, symmetric in cases():
        m, n = a.shape
        with open(os.path.join(OUT, name + ".txt"), "w") as f:
            block(f, "a", a)
            block(f, "svals", np.linalg.svd(a, compute_uv=False))
            block(f, "qr_r", np.linalg.qr(a, mode="r"))
            b = rng.standard_normal((m, 3))
            block(f, "b", b)
            x, res, rank, sv = np.linalg.lstsq(a, b)
            block(f, "lstsq_x", x)
            block(f, "lstsq_rank", [[rank]])
            block(f, "lstsq_residuals", res.reshape(1, -1) if res.size else np.zeros((0, 0)))
            block(f, "pinv", np.linalg.pinv(a))
            block(f, "cond2", [[np.linalg.cond(a)]])
            block(f, "norms", [[np.linalg.norm(a, "fro"), np.linalg.norm(a, 1), np.linalg.norm(a, np.inf),
                                np.linalg.norm(a, 2), np.linalg.norm(a, "nuc")]])
            if m == n:
                sign, logdet = np.linalg.slogdet(a)
                block(f, "slogdet", [[sign, logdet]])
                block(f, "det", [[np.linalg.det(a)]])
                block(f, "cond1", [[np.linalg.cond(a, 1)]])
                if np.linalg.matrix_rank(a) == n:
                    block(f, "inv", np.linalg.inv(a))
                    block(f, "solve_x", np.linalg.solve(a, b))
            if symmetric:
                block(f, "eigvals", np.linalg.eigvalsh(a))
                if np.all(np.linalg.eigvalsh(a) > 0):
                    block(f, "chol", np.linalg.cholesky(a))


if __name__ == "__main__":
    main()
