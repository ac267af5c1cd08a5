#!/usr/bin/env python3
"""NumPy (OpenBLAS/LAPACK) timings for the operations of bitnet.benchmarks' linalg.DecompositionBenchmark.

Same shapes and the same kinds of matrices (seeded Gaussian A; SPD = A A^T + n I; symmetric = A + A^T).
Prints one line per (operation, dtype, n): the best of `repeat` means over `number` calls, in ms.
Usage: python3 bench_numpy.py [threads-label]
"""
import sys
import timeit
import numpy as np

OPS = {
    "cholesky": lambda m: np.linalg.cholesky(m["spd"]),
    "qr_no_q": lambda m: np.linalg.qr(m["general"], mode="r"),
    "svd_values": lambda m: np.linalg.svd(m["general"], compute_uv=False),
    "svd_full": lambda m: np.linalg.svd(m["general"], full_matrices=True),
    "eigh_vectors": lambda m: np.linalg.eigh(m["symmetric"]),
}


def main():
    label = sys.argv[1] if len(sys.argv) > 1 else ""
    for n in (512, 1024):
        rng = np.random.default_rng(42)
        g = rng.standard_normal((n, n))
        base = {"general": g, "spd": g @ g.T + n * np.eye(n), "symmetric": g + g.T}
        for dtype in (np.float64, np.float32):
            mats = {k: v.astype(dtype) for k, v in base.items()}
            for name, op in OPS.items():
                op(mats)
                number = 3 if n == 1024 else 5
                best = min(timeit.repeat(lambda: op(mats), number=number, repeat=3)) / number
                print(f"numpy {label} {name} {np.dtype(dtype).name} n={n}: {best * 1e3:.2f} ms", flush=True)


if __name__ == "__main__":
    main()
