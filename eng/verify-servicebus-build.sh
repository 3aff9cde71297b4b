#!/usr/bin/env bash
# Compiles the Functions app with -p:ServiceBusTrigger=true on a machine whose NuGet feed lacks
# Microsoft.Azure.Functions.Worker.Extensions.ServiceBus: packs that extension (and the two
# extension libraries it references) from a checkout of Azure/azure-functions-dotnet-worker into a
# local folder, then builds a throwaway clone of this repository against it. Not part of CI.
#
#   eng/verify-servicebus-build.sh /path/to/azure-functions-dotnet-worker   (a checkout or a bare clone)
#
# Where the feed lacks the exact versions the extension's project files pin, nearest available
# versions are substituted (printed below). The Functions SDK's host-side extension restore
# (Microsoft.Azure.WebJobs.Extensions.ServiceBus) needs nuget.org; without it only that last
# step fails, after the app has compiled and functions.metadata has been generated.
set -euo pipefail
worker_repo=${1:?usage: $0 /path/to/azure-functions-dotnet-worker}
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir "$work/worker"
if [ -d "$worker_repo/extensions" ]; then
  cp -r "$worker_repo/." "$work/worker"
else
  # A bare clone (e.g. a mirror): take its HEAD.
  git --git-dir "$worker_repo" archive HEAD | tar -x -C "$work/worker"
fi
cd "$work/worker"
# Its NuGet.Config points at the Functions team's feed; use this machine's feeds instead.
rm -f NuGet.Config nuget.config
# Substitutions for this machine's feed (the upstream pins are not on it).
sed -i 's/"Grpc.Core" Version="2.46.6"/"Grpc.Core" Version="2.46.5"/' extensions/Worker.Extensions.Rpc/src/Worker.Extensions.Rpc.csproj
sed -i 's/"Azure.Identity" Version="1.16.0"/"Azure.Identity" Version="1.17.1"/; s/"Microsoft.Extensions.Azure" Version="1.13.0"/"Microsoft.Extensions.Azure" Version="1.13.1"/' \
  extensions/Worker.Extensions.ServiceBus/src/Worker.Extensions.ServiceBus.csproj
for project in Abstractions Rpc ServiceBus; do
  dotnet pack "extensions/Worker.Extensions.$project/src" -c Release -o "$work/packages" -p:TreatWarningsAsErrors=false --nologo -v quiet
done
version=$(basename "$work"/packages/Microsoft.Azure.Functions.Worker.Extensions.ServiceBus.*.nupkg .nupkg | sed 's/^Microsoft.Azure.Functions.Worker.Extensions.ServiceBus.//')

git clone -q "$here" "$work/app"
cd "$work/app"
sed -i "s/\"Microsoft.Azure.Functions.Worker.Extensions.ServiceBus\" Version=\"[^\"]*\"/\"Microsoft.Azure.Functions.Worker.Extensions.ServiceBus\" Version=\"$version\"/" Directory.Packages.props
cat > nuget.config <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
    <add key="local-servicebus-extension" value="$work/packages" />
  </packageSources>
</configuration>
XML
set +e
dotnet build functions/ServerlessFlow.Functions -p:ServiceBusTrigger=true --nologo 2>&1 | grep -E "error|Build succeeded" | sort -u
set -e
metadata=functions/ServerlessFlow.Functions/obj/Debug/net10.0/functions.metadata
test -f "$metadata" || { echo "The app did not compile: no functions.metadata." >&2; exit 1; }
grep -q '"serviceBusTrigger"' "$metadata" || { echo "functions.metadata has no serviceBusTrigger binding." >&2; exit 1; }
grep -q '"queueTrigger"' "$metadata" && { echo "functions.metadata still has the Storage Queue trigger." >&2; exit 1; }
echo "Compiled with the Service Bus trigger; functions.metadata lists: $(grep -B1 '"scriptFile"' "$metadata" | grep -o '"name": "[^"]*"' | cut -d'"' -f4 | tr '\n' ' ')"
