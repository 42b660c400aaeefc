#!/usr/bin/env bash
# Builds leadrouter and runs the system load-and-fault benchmark (bench/.../system/LoadAndChaos).
# Example: bench/run-system-bench.sh --rate 100 --duration 60 --burst 300 --burst-every 15 --chaos
# The report is printed and written to bench/target/system-bench/report.txt, service logs beside it.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B install -DskipTests
./mvnw -q -B -pl bench dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
exec java -Xmx1g -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.leadrouter.bench.system.LoadAndChaos "$@"
