"""NumPy float32 a @ b timings, the reference for SgemmBenchmark (docs/sgemm.md).

Each thread count runs in its own child process, because OpenBLAS reads OPENBLAS_NUM_THREADS once when it
loads (threadpoolctl is used instead when installed). Run it with the environment's OpenBLAS tuning
variables removed, as docs/sgemm.md says:

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 sgemm_numpy.py [--sizes 1024 2560] [--threads 1 2]
"""
import argparse
import os
import subprocess
import sys
import time


def measure(n, seconds, repeats):
    import numpy as np

    rng = np.random.default_rng(1)
    a = rng.standard_normal((n, n), dtype=np.float32)
    b = rng.standard_normal((n, n), dtype=np.float32)
    c = np.empty((n, n), dtype=np.float32)
    # Warm up for about one second, as the JMH side does, then take the best of `repeats` timed rounds.
    end = time.perf_counter() + 1.0
    while time.perf_counter() < end:
        np.matmul(a, b, out=c)
    best = float("inf")
    for _ in range(repeats):
        calls = 0
        start = time.perf_counter()
        while True:
            np.matmul(a, b, out=c)
            calls += 1
            elapsed = time.perf_counter() - start
            if elapsed >= seconds:
                break
        best = min(best, elapsed / calls)
    return best


def child(args):
    threads = args.threads[0]
    try:
        from threadpoolctl import threadpool_limits
        limiter = threadpool_limits(limits=threads, user_api="blas")
    except ImportError:
        limiter = None  # OPENBLAS_NUM_THREADS was set by the parent
    import numpy as np

    for n in args.sizes:
        t = measure(n, args.seconds, args.repeats)
        gflops = 2.0 * n ** 3 / t / 1e9
        print(f"numpy {np.__version__}  n={n:5d}  threads={threads}  {t * 1e3:9.3f} ms  {gflops:7.1f} GFLOPS",
              flush=True)
    del limiter


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1024, 2560])
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--seconds", type=float, default=1.0, help="length of one timed round")
    parser.add_argument("--repeats", type=int, default=3, help="timed rounds; the best is reported")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    for threads in args.threads:
        env = dict(os.environ, OPENBLAS_NUM_THREADS=str(threads))
        cmd = [sys.executable, __file__, "--child", "--threads", str(threads), "--seconds", str(args.seconds),
               "--repeats", str(args.repeats), "--sizes"] + [str(n) for n in args.sizes]
        subprocess.run(cmd, env=env, check=True)


if __name__ == "__main__":
    main()
