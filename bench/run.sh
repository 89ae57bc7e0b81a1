#!/usr/bin/env bash
# The benchmark in one command. Builds bench/Mesh.Bench in Release (with the sidecar, control plane and backend it
# starts, also Release), installs nginx with apt-get when it is missing, then measures the data path (every path),
# the end-to-end pair (bench/E2E/E2E.AppHost under `dotnet run`, with and without the mesh) and the start-up
# timeline (MeshHost.AppHost under `dotnet run`), and writes bench/results/latest.md and latest.json. Options are
# passed to the benchmark: bench/run.sh --help (--e2e, --startup or --paths run only those parts).
# The data path takes about 10 minutes on 2 cores, builds included; the end-to-end pair and the start-up timeline
# start an AppHost nine times in all, which takes from several to tens of minutes depending on how busy the machine
# is (bench/README.md, "Run time").
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  echo "nginx (the reference proxy) is missing: installing it with apt-get"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq nginx >/dev/null
fi

echo "Building bench/Mesh.Bench (Release)"
dotnet build bench/Mesh.Bench/Mesh.Bench.csproj -c Release -nologo -v quiet -clp:ErrorsOnly
exec dotnet bench/Mesh.Bench/bin/Release/net10.0/Mesh.Bench.dll "$@"
