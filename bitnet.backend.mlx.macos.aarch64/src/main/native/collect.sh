#!/bin/bash
# Copies an mlx-c build into the MLX fragment (run by the native-macos Maven profile on macOS):
#   libmlxc.dylib   mlx-c, the C API the Java side binds with FFM
#   libmlx.dylib    MLX itself, which libmlxc links against
#   mlx.metallib    MLX's kernels; MLX looks for it beside libmlx.dylib
# Usage: collect.sh MLXC_PREFIX OUT_DIR   (MLXC_PREFIX holds lib/libmlxc.dylib, e.g. a cmake --install prefix)
set -euo pipefail
prefix="$1"
out="$2"
mkdir -p "$out"

find_one() { # first match of a file name under the prefix's lib folders
    find "$prefix/lib" "$prefix/lib/python"* -name "$1" -print -quit 2>/dev/null || true
}

mlxc="$(find_one libmlxc.dylib)"
mlx="$(find_one libmlx.dylib)"
metallib="$(find_one mlx.metallib)"
if [ -z "$mlxc" ] || [ -z "$mlx" ] || [ -z "$metallib" ]; then
    echo "mlx-c not found under $prefix (need lib/libmlxc.dylib, libmlx.dylib, mlx.metallib);" >&2
    echo "build it (docs/metal-mlx.md) and pass -Dmlxc.prefix=<install prefix>" >&2
    exit 1
fi
cp "$mlxc" "$mlx" "$metallib" "$out/"
chmod u+w "$out"/*.dylib
# Resolve libmlx from the folder the backend extracts both files to, whatever rpath the build recorded.
install_name_tool -add_rpath @loader_path "$out/libmlxc.dylib" 2>/dev/null || true
echo "collected mlx-c into $out"
