#!/usr/bin/env bash
# Runs the Functions app under the real Azure Functions host, as `func start` does where Azure Functions Core Tools are
# installed, on machines that have the host as ../shared/functions-host (or $SFLOW_FUNCTIONS_HOST: a folder with its
# `start` script and host.tgz):
#   1. builds functions/ServerlessFlow.Functions in Release;
#   2. reads the app settings from functions/ServerlessFlow.Functions/local.settings.json (copy the .example; the
#      example itself is used when there is none);
#   3. gives the app a storage account: $SFLOW_STORAGE_CONNECTION_STRING, or else a private Azurite (the repository's
#      pinned one, `npm ci` first) on free loopback ports with its data in .azurite/functions-host, stopped on exit.
#      Settings whose value is UseDevelopmentStorage=true get that connection string instead;
#   4. runs the host in the foreground on http://127.0.0.1:PORT (default 7071); Ctrl-C stops it (and the Azurite).
#
#   eng/functions-host.sh [PORT]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
port=${1:-7071}
host_dir=${SFLOW_FUNCTIONS_HOST:-$root/../shared/functions-host}
app_project=$root/functions/ServerlessFlow.Functions
app=$app_project/bin/Release/net10.0
[[ -x $host_dir/start ]] || { echo "No Functions host at $host_dir (set SFLOW_FUNCTIONS_HOST to a folder with its start script)." >&2; exit 2; }

settings=$app_project/local.settings.json
[[ -f $settings ]] || settings=$settings.example
echo "Building the app in Release; settings from ${settings#"$root"/}" >&2
dotnet build "$app_project" -c Release --nologo -v quiet -clp:"NoSummary;ErrorsOnly" >&2

azurite_pid=
cleanup() { if [[ -n $azurite_pid ]]; then kill "$azurite_pid" 2>/dev/null || true; fi; }
trap cleanup EXIT
conn=${SFLOW_STORAGE_CONNECTION_STRING:-}
if [[ -z $conn ]]; then
  azurite=$root/node_modules/azurite/dist/src/azurite.js
  [[ -f $azurite ]] || { echo "Azurite is not installed: run npm ci in $root first (or set SFLOW_STORAGE_CONNECTION_STRING)." >&2; exit 2; }
  read -r blob queue table < <(node -e '
    const net = require("net");
    const ports = []; let open = 0;
    for (let i = 0; i < 3; i++) { const s = net.createServer(); s.listen(0, "127.0.0.1", () => { ports.push(s.address().port); if (++open === 3) { console.log(ports.join(" ")); process.exit(0); } }); }')
  mkdir -p "$root/.azurite/functions-host"
  node "$azurite" --silent --loose --skipApiVersionCheck --disableProductStyleUrl --location "$root/.azurite/functions-host" \
    --blobHost 127.0.0.1 --blobPort "$blob" --queueHost 127.0.0.1 --queuePort "$queue" --tableHost 127.0.0.1 --tablePort "$table" &
  azurite_pid=$!
  for _ in $(seq 1 600); do
    (exec 3<>"/dev/tcp/127.0.0.1/$table") 2>/dev/null && break
    sleep 0.1
  done
  key=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==   # Azurite's public development key
  conn="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$blob/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$queue/devstoreaccount1;TableEndpoint=http://127.0.0.1:$table/devstoreaccount1;"
  echo "Azurite: blob $blob, queue $queue, table $table (data in .azurite/functions-host)" >&2
fi

# The settings reach the host and the worker as environment variables, as local.settings.json's Values do under func start.
while IFS= read -r -d '' name && IFS= read -r -d '' value; do
  [[ $value == UseDevelopmentStorage=true ]] && value=$conn
  export "$name=$value"
done < <(node -e '
  const values = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).Values || {};
  for (const [name, value] of Object.entries(values)) process.stdout.write(name + "\0" + String(value) + "\0");' "$settings")

echo "Functions host on http://127.0.0.1:$port (API key: SFLOW_API_KEY from ${settings##*/})" >&2
state=$root/.azurite/functions-host-state
"$host_dir/start" "$app" "$port" "$conn" "$state" &
host_pid=$!
# Stop the host first (it releases its leases as it stops), then the Azurite it was using.
stop() { trap - EXIT INT TERM; kill "$host_pid" 2>/dev/null || true; wait "$host_pid" 2>/dev/null || true; cleanup; }
trap stop EXIT INT TERM
wait "$host_pid"
