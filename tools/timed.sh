#!/usr/bin/env bash
# timed.sh LABEL HINT COMMAND...: runs one build step between two progress lines, so a
# first run on a fresh machine shows what it is doing and how long each step took.
set -uo pipefail
label=$1 hint=$2
shift 2
echo "==> ${label}${hint:+ ($hint)}"
start=$(date +%s)
"$@"
rc=$?
took=$(( $(date +%s) - start ))
if [ $rc -eq 0 ]; then
  printf '    %s: done in %dm%02ds\n' "$label" $((took / 60)) $((took % 60))
else
  printf '    %s: FAILED after %dm%02ds (exit %d)\n' "$label" $((took / 60)) $((took % 60)) $rc >&2
fi
exit $rc
