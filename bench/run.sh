#!/usr/bin/env bash
# Whole-process benchmark of ecslint on the synthetic tree of
# ../shared/bench/gen_tree.py, beside conftest v0.71.1 with the yardstick
# policies of ../shared/bench/conftest-policy when conftest is installed
# (go install github.com/open-policy-agent/conftest@v0.71.1). Prints the
# median wall time, CPU time and peak RSS of RUNS runs of each, then:
# ecslint on a tree a tenth the size (memory must follow the largest file,
# not the tree), one Dockerfile and `ecslint rules` (start-up), and the
# ratios the performance targets are about.
#
#   bash bench/run.sh [N] [RUNS]      N task definitions + N Dockerfiles (default 5000), RUNS runs (default 5)
#
# ECSLINT_BIN=path measures that binary instead of building this checkout
# (to compare with an older commit: git worktree add /tmp/old REV, then
# go build -C /tmp/old -o /tmp/ecslint-old ./cmd/ecslint).
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
bin=${ECSLINT_BIN:-}
if [ -z "$bin" ]; then
  go build -o "$work/ecslint" ./cmd/ecslint
  bin="$work/ecslint"
fi
small=$(( n / 10 > 0 ? n / 10 : 1 ))
python3 "$gen" "$work/tree" "$n" >/dev/null
python3 "$gen" "$work/small" "$small" >/dev/null
printf 'tree: %s task definitions + %s Dockerfiles, %s; small tree: %s + %s\n' "$n" "$n" "$(du -sh "$work/tree" | cut -f1)" "$small" "$small"

# measure NAME DIR CMD...: RUNS runs in DIR; prints the median of wall
# seconds, CPU seconds (user + system) and peak RSS (MiB), and keeps them
# in the variables wall_NAME, rss_NAME.
med() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
measure() {
  local name=$1 dir=$2; shift 2
  local walls=() cpus=() rss=()
  for _ in $(seq "$runs"); do
    (cd "$dir" && /usr/bin/time -f '%e %U %S %M' -o "$work/t" "$@" >/dev/null 2>&1) || true
    # The last line: time writes "Command exited with non-zero status N"
    # first when the command fails (conftest does when policies deny).
    read -r e u s m < <(tail -n 1 "$work/t")
    walls+=("$e"); cpus+=("$(awk -v u="$u" -v s="$s" 'BEGIN{printf "%.2f", u+s}')"); rss+=("$((m / 1024))")
  done
  printf '%-12s wall %6ss  cpu %6ss  peak RSS %5s MiB   (runs: %s)\n' "$name" "$(med "${walls[@]}")" "$(med "${cpus[@]}")" "$(med "${rss[@]}")" "${walls[*]}"
  printf -v "wall_${name//-/_}" '%s' "$(med "${walls[@]}")"
  printf -v "rss_${name//-/_}" '%s' "$(med "${rss[@]}")"
}

wall_ecslint='' wall_conftest='' rss_ecslint='' rss_small=''
measure ecslint "$work/tree" "$bin" --format json --fail-on none .
if command -v conftest >/dev/null; then
  measure conftest "$work/tree" conftest test --no-color --all-namespaces -p "$(cd "$policy" && pwd)" .
else
  echo "conftest     not installed (go install github.com/open-policy-agent/conftest@v0.71.1)"
fi
measure small "$work/small" "$bin" --format json --fail-on none .
# Start-up: one Dockerfile, and listing the rules.
printf 'FROM public.ecr.aws/docker/library/alpine:3.20\n' > "$work/tree/one.Dockerfile"
measure one-file "$work/tree" "$bin" one.Dockerfile
measure rules "$work/tree" "$bin" rules
echo
if [ -n "${wall_conftest:-}" ]; then
  awk -v c="$wall_conftest" -v e="$wall_ecslint" 'BEGIN{printf "ecslint is %.1fx faster than conftest on the tree (target: 5x)\n", c/e}'
fi
awk -v b="$rss_ecslint" -v s="$rss_small" 'BEGIN{printf "peak RSS, tree / tree a tenth the size: %.2f (target: 1.5 or less; tree target 96 MiB)\n", b/s}'
