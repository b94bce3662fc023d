#!/usr/bin/env bash
# Benchmarks socgen against svd2rust and writes BENCHMARKS.md (see that file for the results and
# the exact commands). Not part of CI.
#
#   bash scripts/bench.sh            full run (~20-25 min on 2 cores), writes BENCHMARKS.md
#   bash scripts/bench.sh --quick    few repetitions, for trying changes (~8 min, ~2 with --no-qcom);
#                                    writes target/BENCHMARKS.quick.md unless --out is given
#   options: --out FILE     where the markdown goes
#            --work DIR     scratch directory (default /tmp/socgen-bench; wiped first)
#            --no-qcom      skip building qcom-socs itself from fresh target dirs (the slowest part)
#            --generation-only only section 1 (generation speed) and socgen's time per stage
#                              (`socgen-bench profile`), written to
#                              target/BENCHMARKS.generation.md unless --out is given; runs
#                              nothing else, so it is the one to use on a shared machine
#            --consumer-only   only section 6 (consumer builds from the packaged crates), written
#                              to target/BENCHMARKS.consumer.md unless --out is given
#            --baseline REV    in section 6, also time soc! as it was at commit REV (its macro
#                              crate from `git archive REV`, the SoC's blocks copied beside it)
#
# What it measures, all in one run on this machine:
#   1. generation speed: socgen (library: load, validate, lower, Rust emit) vs svd2rust 0.37
#      (library: parse socgen's SVD export, expand_properties, render), one SoC and all SoCs,
#      interleaved runs;
#   2. compile cost of the output: cargo check / build --release of the generated code in
#      identical scratch crates, each build in a fresh target dir; qcom-socs itself as shipped;
#   3. zero cost: scripts/zero-cost.sh;
#   4. the BAM driver: cargo bench -p socgen-bam --bench submit, and the no_alloc test;
#   5. scale: 50/200/500 synthetic SoC files (bench/src/synth.rs), generation time and peak RSS;
#   6. consumers of the packaged crates (scripts/consumer.sh --prepare): cargo check from an empty
#      target dir of qcom-socs with one SoC / every SoC against the svd2rust PACs of section 2,
#      and of a soc! crate on its own single YAML file (and, with --baseline, as it was).
# The bench binary lives in bench/ (its own cargo workspace) and is built once, not measured.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

mode=full
out=""
work=/tmp/socgen-bench
qcom=1
only_consumer=0
only_generation=0
baseline=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) mode=quick ;;
    --out) out="$2"; shift ;;
    --work) work="$2"; shift ;;
    --no-qcom) qcom=0 ;;
    --consumer-only) only_consumer=1 ;;
    --generation-only) only_generation=1 ;;
    --baseline) baseline="$2"; shift ;;
    -h|--help) sed -n '2,33p' "$0"; exit 0 ;;
    *) echo "bench.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
if [ "$mode" = full ]; then
  gen_runs=11; build_runs=3; qcom_runs=3; scale_runs=5
  crit_args=()
  : "${out:=BENCHMARKS.md}"
else
  gen_runs=5; build_runs=1; qcom_runs=1; scale_runs=2
  crit_args=(--warm-up-time 0.2 --measurement-time 0.5)
  : "${out:=target/BENCHMARKS.quick.md}"
fi
if [ "$only_generation" = 1 ]; then
  [ "$out" = BENCHMARKS.md ] && out=target/BENCHMARKS.generation.md
fi
if [ "$only_consumer" = 1 ]; then
  build_runs=${SOCGEN_BENCH_RUNS:-1}
  [ "$out" = BENCHMARKS.md ] && out=target/BENCHMARKS.consumer.md
fi
case "$out" in /*) ;; *) out="$root/$out" ;; esac

rm -rf "$work"
mkdir -p "$work/results"
res=$work/results
bench_target=${CARGO_TARGET_DIR:-$root/target}
start=$(date +%s)
log() { echo "== bench: $* ($(( $(date +%s) - start )) s)" >&2; }

# --- machine and versions -------------------------------------------------------------------
{
  echo "mode=$mode"
  echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "cores=$(nproc)"
  echo "memory=$(free -g | awk '/^Mem:/ {print $2 " GiB"}')"
  echo "kernel=$(uname -sr)"
  echo "rustc=$(rustc --version)"
  echo "cargo=$(cargo --version)"
  echo "commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "dirty=$(git status --porcelain 2>/dev/null | wc -l | tr -d ' ')"
  echo "load_before=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "gen_runs=$gen_runs"
  echo "build_runs=$build_runs"
  echo "qcom_runs=$qcom_runs"
  echo "scale_runs=$scale_runs"
  echo "socs=$(ls socs/*.yaml | wc -l | tr -d ' ')"
} > "$res/meta.env"

log "building the bench binary (not measured)"
cargo build -q --release --manifest-path bench/Cargo.toml --target-dir "$bench_target"
bench="$bench_target/release/socgen-bench"
awk '/^name = "(svd2rust|svd-parser|prettyplease)"$/ {n=$3; getline; print "ver_" n "=" $3}' \
  bench/Cargo.lock | tr -d '"' | sed 's/ver_svd-parser/ver_svd_parser/' >> "$res/meta.env"

# --- 1. generation speed --------------------------------------------------------------------
log "exporting SVD"
skip=$("$bench" export-svd --socs socs --out "$work/svd" 2> "$res/svd-errors.txt" || true)
echo "svd_skipped=$skip" >> "$res/meta.env"
if [ "$only_consumer" = 0 ]; then
log "generation speed ($gen_runs interleaved runs)"
"$bench" gen --socs socs --svd "$work/svd" --soc sm8550 --runs "$gen_runs" --skip "$skip" \
  --out "$res/gen.json" 2> "$res/gen.log"
cat "$res/gen.log" >&2
fi
if [ "$only_generation" = 1 ]; then
  log "socgen per stage ($gen_runs runs)"
  "$bench" profile --socs socs --runs "$gen_runs" --out "$res/profile.json" > "$res/profile.txt"
  mkdir -p "$(dirname "$out")"
  {
    echo "# socgen generation speed ($(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), git $(git rev-parse --short HEAD 2>/dev/null || echo unknown))"
    echo
    echo "Section 1 of BENCHMARKS.md alone ($gen_runs interleaved runs, medians):"
    echo
    grep '^gen: .*ratio' "$res/gen.log" | sed 's/^gen: /- /'
    echo
    echo "Where socgen's time goes, all SoCs of socs/ (\`socgen-bench profile\`, medians of $gen_runs runs):"
    echo
    echo "| $(head -1 "$res/profile.txt") |"
    echo "|---|---|---|"
    tail -n +2 "$res/profile.txt" | sed 's/^/| /; s/$/ |/'
  } > "$out"
  cat "$out" >&2
  log "wrote $out"
  exit 0
fi

# --- 2. compile cost -----------------------------------------------------------------------
log "scratch crates"
crates=$work/crates
"$bench" emit --socs socs --svd "$work/svd" --soc sm8550 --runtime generated/runtime \
  --skip "$skip" --out "$crates"
cp "$crates/sizes.json" "$res/sizes.json"
for c in socgen-one pac-one socgen-all pacs-all; do
  (cd "$crates/$c" && cargo fetch -q)   # downloads, if any, are not measured
done

# time_build LABEL DIR TARGET ARGS...: one measured cargo run, appended to compile.tsv.
time_build() {
  local label=$1 dir=$2 target=$3; shift 3
  local s e
  s=$(date +%s.%N)
  (cd "$dir" && CARGO_TARGET_DIR="$target" cargo "$@" --offline -q 2> "$work/build.err") || {
    cat "$work/build.err" >&2; echo "bench.sh: build failed: $label" >&2; exit 1; }
  e=$(date +%s.%N)
  printf '%s\t%s\n' "$label" "$(echo "$e - $s" | bc)" >> "$res/compile.tsv"
}
# touch_top DIR: marks the generated crate(s) in DIR as changed, so the next build recompiles
# only them (dependencies stay built).
touch_top() { find "$1" -path '*/src/lib.rs' -exec touch {} +; }

# --- 6. consumers of the packaged crates ----------------------------------------------------
# One table: cargo check from an empty target dir, interleaved with the PACs it is compared to.
consumer_section() {
  log "consumers: packaging the workspace (scripts/consumer.sh --prepare)"
  local cw=$work/consumer
  SOCGEN_CONSUMER_DIR="$cw" bash scripts/consumer.sh --prepare > "$work/consumer.log" 2>&1 || {
    cat "$work/consumer.log" >&2; exit 1; }
  local patch
  patch=$(sed -n '/^\[patch.crates-io\]/,$p' "$cw/firmware/Cargo.toml")
  # qcom-socs alone (one SoC, every SoC), as a firmware crate depends on it.
  for feat in sm8550 all; do
    mkdir -p "$cw/qcom-$feat/src"
    printf '[package]\nname = "qcom-%s"\nversion = "0.0.0"\nedition = "2024"\n\n[dependencies]\nqcom-socs = { version = "0.1.0", features = ["%s"] }\n\n[workspace]\n\n%s\n' \
      "$feat" "$feat" "$patch" > "$cw/qcom-$feat/Cargo.toml"
    echo '#![no_std]' > "$cw/qcom-$feat/src/lib.rs"
    echo 'pub use qcom_socs;' >> "$cw/qcom-$feat/src/lib.rs"
  done
  local cases=("one	qcom-socs	$cw/qcom-sm8550" "one	svd2rust	$crates/pac-one"
    "all	qcom-socs	$cw/qcom-all" "all	svd2rust	$crates/pacs-all"
    "soc!	packaged	$cw/mychip")
  if [ -n "$baseline" ]; then
    # soc! as it was: the macro crate of that commit, the SoC's blocks and fragments beside it.
    local old=$cw/baseline-src
    mkdir -p "$old"
    git -C "$root" archive "$baseline" | tar -x -C "$old"
    cp -r "$cw/mychip" "$cw/mychip-baseline"
    sed -i '/^\[patch.crates-io\]/,$d' "$cw/mychip-baseline/Cargo.toml"
    sed -i "s|^socgen-macros = .*|socgen-macros = { path = \"$old/macros\" }|; s|^socgen-runtime = .*|socgen-runtime = { path = \"$old/generated/runtime\" }|" \
      "$cw/mychip-baseline/Cargo.toml"
    cp -r "$old/socs/blocks" "$old/socs/common" "$cw/mychip-baseline/socs/"
    cases+=("soc!	baseline-$baseline	$cw/mychip-baseline")
  fi
  # Lock files from cargo's cache (nothing is downloaded, nothing of it measured).
  for c in "${cases[@]}"; do
    (cd "${c##*	}" && cargo generate-lockfile --offline -q)
  done
  : > "$res/consumer.tsv"
  for run in $(seq "$build_runs"); do
    for c in "${cases[@]}"; do
      local dir=${c##*	} label=${c%	*}
      local t=$work/tc-$run
      rm -rf "$t"
      local s e
      s=$(date +%s.%N)
      (cd "$dir" && CARGO_TARGET_DIR="$t" cargo check --offline -q 2> "$work/build.err") || {
        cat "$work/build.err" >&2; echo "bench.sh: consumer check failed: $label" >&2; exit 1; }
      e=$(date +%s.%N)
      printf '%s\t%s\n' "$label" "$(echo "$e - $s" | bc)" >> "$res/consumer.tsv"
      rm -rf "$t"
    done
  done
  # Medians per case and the ratios the targets are stated in.
  awk -F'\t' '
    { k = $1 "\t" $2; v[k] = v[k] " " $3; if (!(k in seen)) { seen[k] = 1; order[++n] = k } }
    function median(list,   a, m, i, j, t) {
      m = split(list, a, " ")
      for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
      return (m % 2) ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
    }
    END {
      print "## 6. Consumers of the packaged crates\n"
      print "`cargo check` from an empty target directory of a crate depending on the packaged"
      print "crates (`scripts/consumer.sh --prepare`: `cargo package --workspace`, unpacked, patched in),"
      print "interleaved with the svd2rust PAC scratch crates of section 2; median of the runs, seconds.\n"
      print "| case | side | seconds | runs |"
      print "|---|---|---:|---:|"
      for (i = 1; i <= n; i++) { split(order[i], p, "\t"); med[order[i]] = median(v[order[i]]); c = split(v[order[i]], q, " ");
        printf "| %s | %s | %.2f | %d |\n", p[1], p[2], med[order[i]], c }
      one = med["one\tqcom-socs"] / med["one\tsvd2rust"]; all = med["all\tqcom-socs"] / med["all\tsvd2rust"]
      printf "\n- one SoC: qcom-socs / its PAC = **%.2fx** (target at most 2x)\n", one
      printf "- every SoC: qcom-socs / the PACs = **%.2fx** (target at most 1x)\n", all
      for (k in med) if (k ~ /^soc!\tbaseline/) {
        printf "- soc! consumer: packaged / baseline = **%.2f** (target at most 0.33)\n", med["soc!\tpackaged"] / med[k] }
    }' "$res/consumer.tsv" > "$res/consumer.md"
  cat "$res/consumer.md" >&2
}

if [ "$only_consumer" = 1 ]; then
  consumer_section
  mkdir -p "$(dirname "$out")"
  { echo "# socgen consumer builds ($(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"; echo; cat "$res/consumer.md"; } > "$out"
  log "wrote $out"
  exit 0
fi

log "compile cost ($build_runs runs, fresh target dir per build)"
for run in $(seq "$build_runs"); do
  for case in one all; do
    for cmd in check release; do
      if [ "$cmd" = check ]; then args=(check); else args=(build --release); fi
      if [ "$case" = one ]; then pair="socgen-one pac-one"; else pair="socgen-all pacs-all"; fi
      for c in $pair; do
        side=socgen; case "$c" in pac*) side=svd2rust ;; esac
        t="$work/t-$c-$cmd-$run"
        rm -rf "$t"
        time_build "$case	$side	$cmd" "$crates/$c" "$t" "${args[@]}"
        # The generated crate alone: dependencies built; its incremental cache dropped, so it
        # compiles from scratch with the same settings.
        touch_top "$crates/$c"
        rm -rf "$t"/*/incremental
        time_build "$case	$side	$cmd-top" "$crates/$c" "$t" "${args[@]}"
        rm -rf "$t"
      done
    done
  done
  log "compile run $run done"
done

if [ "$qcom" = 1 ]; then
  log "qcom-socs as shipped ($qcom_runs runs, fresh target dir per build)"
  for run in $(seq "$qcom_runs"); do
    for cmd in check release; do
      if [ "$cmd" = check ]; then args=(check); else args=(build --release); fi
      for feat in sm8550 all; do
        case=one; [ "$feat" = all ] && case=all
        t="$work/tq-$feat-$cmd-$run"
        rm -rf "$t"
        time_build "$case	qcom-socs	$cmd" "$root" "$t" "${args[@]}" -p qcom-socs --features "$feat"
        # qcom-socs compiles its shipped, feature-gated sources (generated/src/generated.rs),
        # not the scratch crate's text; codegen/tests/checked_in.rs checks them against socs/.
        echo "qcom_out_same_$case=shipped" >> "$res/meta.env"
        rm -rf "$t"
      done
    done
    log "qcom-socs run $run done"
  done
fi

consumer_section

# --- 3. zero cost ---------------------------------------------------------------------------
log "zero cost"
if bash scripts/zero-cost.sh > "$res/zero-cost.txt" 2>&1; then
  echo "zero_cost_rc=0" >> "$res/meta.env"
else
  echo "zero_cost_rc=$?" >> "$res/meta.env"
fi

# --- 4. driver ------------------------------------------------------------------------------
log "BAM driver (criterion)"
rm -rf "$bench_target/criterion/submit+complete"
cargo bench -q -p socgen-bam --bench submit --target-dir "$bench_target" -- "${crit_args[@]}" \
  > "$res/criterion.txt" 2>&1 || { cat "$res/criterion.txt" >&2; exit 1; }
echo "criterion_dir=$bench_target/criterion" >> "$res/meta.env"
log "no_alloc test"
# The test's counting allocator is process-wide, so an allocation by another thread of the
# test process (most likely libtest's main thread)
# while the test runs is counted too; that happens now and then on a loaded machine.
# Up to 3 attempts; every failed attempt is kept and reported in BENCHMARKS.md.
for attempt in 1 2 3; do
  if cargo test -q -p socgen-bam --test no_alloc --target-dir "$bench_target" -- --test-threads=1 \
      > "$res/no-alloc.txt" 2>&1; then
    echo "no_alloc_attempts=$attempt" >> "$res/meta.env"; break
  fi
  grep -E 'left:|right:' "$res/no-alloc.txt" | tr -s ' \n' ' ' | sed 's/^/no_alloc_failed=/;s/$/\n/' >> "$res/meta.env"
  [ "$attempt" = 3 ] && { cat "$res/no-alloc.txt" >&2; exit 1; }
done

# --- 5. scale -------------------------------------------------------------------------------
for n in 50 200 500; do
  log "scale: $n synthetic SoCs"
  "$bench" synth --socs socs --count "$n" --out "$work/synth-$n" --summary "$res/synth-$n.json"
  /usr/bin/time -f '%M' -o "$res/scale-$n.maxrss" \
    "$bench" scale --catalogue "$work/synth-$n" --runs "$scale_runs" --out "$res/scale-$n.json"
done

echo "load_after=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$res/meta.env"
echo "wall_seconds=$(( $(date +%s) - start ))" >> "$res/meta.env"
mkdir -p "$(dirname "$out")"
"$bench" report --results "$res" --out "$out"
{ echo; cat "$res/consumer.md"; } >> "$out"
log "wrote $out"
