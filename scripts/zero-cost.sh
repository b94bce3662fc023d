#!/usr/bin/env bash
# Zero-cost evidence: disassembles the release no_std probe (tests/nostd-probe, sm8550) and
# shows that a typed register write is one store, a read-modify-write is one load, one
# operation and one store, and a constant command list is data with no code behind it.
# Exits non-zero if the machine code does not have that shape.
set -euo pipefail
cd "$(dirname "$0")/.."
probe=tests/nostd-probe
cargo build -q --release --manifest-path "$probe/Cargo.toml" --target-dir target/nostd
lib=target/nostd/release/libsocgen_nostd_probe.a
dis() { objdump -d --no-show-raw-insn --disassemble="$1" "$lib" | sed -n '/<'"$1"'>:/,/^$/p' | grep -E '^\s+[0-9a-f]+:' ; }
stores() { grep -cE 'mov[a-z]*\s+[^,]+,\s*\(|mov[a-z]*\s+\$?[^,]+,\s*0x[0-9a-f]*\(|str' || true; }
fail=0
echo "== register write (probe_write_encr_seg_cfg)"
w=$(dis probe_write_encr_seg_cfg); echo "$w"
n_store=$(echo "$w" | grep -cE '\),?$|\)$' || true)
n_insn=$(echo "$w" | grep -vcE '\sret' || true)
echo "-> $n_insn instruction(s) besides ret"
[ "$n_insn" -le 2 ] || { echo "!! expected one store"; fail=1; }
echo "== read-modify-write (probe_modify_encr_seg_cfg)"
m=$(dis probe_modify_encr_seg_cfg); echo "$m"
n_insn=$(echo "$m" | grep -vcE '\sret' || true)
echo "-> $n_insn instruction(s) besides ret"
[ "$n_insn" -le 4 ] || { echo "!! expected load, op, store (on x86 often one memory-operand instruction)"; fail=1; }
echo "== constant command list (PROGRAM)"
syms=$(nm "$lib" 2>/dev/null)
if echo "$syms" | grep -E ' [RrDd] PROGRAM$' >/dev/null; then
  echo "$syms" | grep -E 'PROGRAM'
  echo "-> PROGRAM is data in a read-only/data section; no function builds it at run time"
else
  echo "!! PROGRAM symbol not found as data"; fail=1
fi
p=$(dis probe_program); echo "$p"
exit $fail
