#!/usr/bin/env bash
# Builds leadrouter and starts all four services in one process, with a local PostgreSQL
# (data in .leadrouter/pgdata) and a dev mailbox that prints every email, unless
# LEADROUTER_DB_URL / NOTIFY_SMTP_HOST point at real ones. Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
# The quiet build prints nothing until it is done: say so, or it looks stuck.
echo "Building leadrouter (about a minute; the first build also downloads dependencies)..."
./mvnw -q -B install -DskipTests
echo "Built. Starting..."
exec java -jar deploy/standalone/target/leadrouter-standalone.jar "$@"
