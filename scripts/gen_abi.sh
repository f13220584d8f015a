#!/usr/bin/env bash
# Writes Contracts/abi/*.json from the contract models' interfaces (`mintsim abi KIND`).
# The contract tests check that the committed files equal what this writes.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product mintsim >/dev/null
bin="$(swift build --show-bin-path)/mintsim"
"$bin" contracts --json | python3 -c '
import json, sys
for kind in json.load(sys.stdin):
    print(kind["kind"], kind["abi"])
' | while read -r kind file; do
    "$bin" abi "$kind" > "$file"
    echo "wrote $file"
done
