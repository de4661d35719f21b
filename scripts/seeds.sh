#!/usr/bin/env bash
# seeds.sh FROM TO [JOBS]: plays `vetgraph demo` on generated worlds FROM..TO
# (3,000 persons each) and prints, per seed, how many of the seven steps
# match the generator's truth exactly, the wrongly merged record pairs and
# the missed ones (`vetgraph eval`), then the totals. The figures in the
# README's demo-flags row and in the issue notes come from it. With KEEP=DIR
# set, each seed's demo output and evaluation stay in DIR/SEED.
set -euo pipefail
from=${1:?usage: seeds.sh FROM TO [JOBS]}
to=${2:?usage: seeds.sh FROM TO [JOBS]}
jobs=${3:-2}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/vetgraph" ./cmd/vetgraph
one() {
	local s=$1 d="$work/$1"
	mkdir -p "$d"
	"$work/vetgraph" demo --seed "$s" --db "$d/db" --out "$d/w" >"$d/demo.txt" 2>&1 </dev/null
	"$work/vetgraph" --db "$d/db" eval --truth "$d/w/truth/clusters.csv" --worst 100000 >"$d/eval.txt" 2>&1
	local exact fm miss
	exact=$(grep -c "matches the ground truth exactly" "$d/demo.txt" || true)
	fm=$(sed -n 's/^worst false merges (\([0-9]*\) listed.*/\1/p' "$d/eval.txt")
	miss=$(sed -n 's/^missed pairs (\([0-9]*\) listed.*/\1/p' "$d/eval.txt")
	echo "seed $s exact_steps $exact/7 false_merges ${fm:-0} missed ${miss:-0}"
	if [ -n "${KEEP:-}" ]; then
		mkdir -p "$KEEP/$s"
		cp "$d/demo.txt" "$d/eval.txt" "$KEEP/$s/"
		cp -r "$d/w/truth" "$KEEP/$s/"
	fi
	rm -rf "$d"
}
export -f one
export work KEEP
seq "$from" "$to" | xargs -P "$jobs" -I{} bash -c 'one {}' | sort -k2n | tee "$work/all.txt"
awk '{n++; if ($4 == "7/7") e++; f += $6; m += $8} END {printf "seeds %d: %d exact at every step; false merges %d, missed pairs %d\n", n, e, f, m}' "$work/all.txt"
