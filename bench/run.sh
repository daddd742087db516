#!/usr/bin/env bash
# Whole-process benchmark of ecslint on the synthetic tree of
# ../shared/bench/gen_tree.py, beside conftest v0.71.1 with the yardstick
# policies of ../shared/bench/conftest-policy when conftest is installed
# (go install github.com/open-policy-agent/conftest@v0.71.1). Prints wall
# time, CPU time and peak RSS of each run, and the median of RUNS runs.
#
#   bash bench/run.sh [N] [RUNS]      N task definitions + N Dockerfiles (default 5000), RUNS runs (default 5)
#
# The machines are shared and noisy: compare ecslint and conftest within
# one run of this script; the ratio is the figure. docs/performance.md
# records the results.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

n=${1:-5000}
runs=${2:-5}
shared=${ECSLINT_SHARED:-../shared}
gen="$shared/bench/gen_tree.py"
policy="$shared/bench/conftest-policy"
[ -f "$gen" ] || { echo "bench: $gen not found (set ECSLINT_SHARED)" >&2; exit 2; }
command -v /usr/bin/time >/dev/null || { echo "bench: needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/ecslint" ./cmd/ecslint
python3 "$gen" "$work/tree" "$n" >/dev/null
printf 'tree: %s task definitions + %s Dockerfiles, %s\n' "$n" "$n" "$(du -sh "$work/tree" | cut -f1)"

# measure NAME CMD...: RUNS runs in the tree; prints the median of wall
# seconds, CPU seconds (user + system) and peak RSS (MiB).
measure() {
  local name=$1; shift
  local walls=() cpus=() rss=()
  for _ in $(seq "$runs"); do
    (cd "$work/tree" && /usr/bin/time -f '%e %U %S %M' -o "$work/t" "$@" >/dev/null 2>&1) || true
    read -r e u s m < "$work/t"
    walls+=("$e"); cpus+=("$(awk -v u="$u" -v s="$s" 'BEGIN{printf "%.2f", u+s}')"); rss+=("$((m / 1024))")
  done
  med() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
  printf '%-10s wall %6ss  cpu %6ss  peak RSS %5s MiB   (runs: %s)\n' "$name" "$(med "${walls[@]}")" "$(med "${cpus[@]}")" "$(med "${rss[@]}")" "${walls[*]}"
}

measure ecslint "$work/ecslint" --format json --fail-on none .
if command -v conftest >/dev/null; then
  measure conftest conftest test --no-color --all-namespaces -p "$(cd "$policy" && pwd)" .
else
  echo "conftest   not installed (go install github.com/open-policy-agent/conftest@v0.71.1)"
fi
# Start-up: one Dockerfile, and listing the rules.
printf 'FROM public.ecr.aws/docker/library/alpine:3.20\n' > "$work/tree/one.Dockerfile"
measure one-file "$work/ecslint" one.Dockerfile
measure rules "$work/ecslint" rules
