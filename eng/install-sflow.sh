#!/usr/bin/env bash
# Installs (or updates) `sflow` as a .NET tool from this checkout: packs src/ServerlessFlow.Cli (Release) into .tools/ and
# installs the package from there. Global by default (~/.dotnet/tools on PATH); pass a folder to install there instead:
#   bash eng/install-sflow.sh              # dotnet tool install --global
#   bash eng/install-sflow.sh ./bin-tools  # dotnet tool install --tool-path ./bin-tools
set -euo pipefail
cd "$(dirname "$0")/.."
version="0.1.0-dev.$(date -u +%Y%m%d%H%M%S)"
rm -rf .tools
dotnet pack src/ServerlessFlow.Cli -c Release -o .tools -p:Version="$version" --nologo -v q
if [ $# -gt 0 ]; then
  where=(--tool-path "$1")
else
  where=(--global)
fi
# update installs when absent and replaces an older build when present.
dotnet tool update "${where[@]}" ServerlessFlow.Cli --add-source .tools --version "$version" --no-cache
echo "sflow $version installed. Run it from the repository root (it finds packs/ and node_modules/ there)."
