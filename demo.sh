#!/usr/bin/env bash
# The demo: builds sample-app, lets systemd-socket-activate listen on 127.0.0.1:8080 and
# start it on the first connection, prints the response and the socket it adopted, then
# stops it (SIGTERM, graceful shutdown) as systemd would.
set -euo pipefail
cd "$(dirname "$0")"

ADDRESS="${DEMO_ADDRESS:-127.0.0.1:8080}"

if ! command -v systemd-socket-activate >/dev/null 2>&1; then
  echo "demo: systemd-socket-activate is missing. Install it with: sudo apt-get install systemd" >&2
  exit 1
fi
if ! command -v java >/dev/null 2>&1; then
  echo "demo: java is missing. Install a JDK 17 or newer (for example: sudo apt-get install openjdk-17-jdk-headless)" >&2
  exit 1
fi

echo "==> Building sample-app (./mvnw -B -q -DskipTests -DskipITs package)"
./mvnw -B -q -DskipTests -DskipITs package -pl sample-app -am

log="$(mktemp -t sample-app-demo.XXXXXX.log)"
echo "==> systemd-socket-activate -l $ADDRESS java -jar sample-app/target/sample-app.jar   (log: $log)"
systemd-socket-activate -l "$ADDRESS" java -jar sample-app/target/sample-app.jar >"$log" 2>&1 &
pid=$!
cleanup() { kill -TERM "$pid" 2>/dev/null || true; }
trap cleanup EXIT

for _ in $(seq 1 50); do
  grep -q "Listening on" "$log" && break
  if ! kill -0 "$pid" 2>/dev/null; then cat "$log" >&2; echo "demo: could not listen on $ADDRESS" >&2; exit 1; fi
  sleep 0.1
done

echo "==> GET http://$ADDRESS/  (this first connection starts the JVM; it waits in the socket's queue meanwhile)"
started=$(date +%s%N)
if command -v curl >/dev/null 2>&1; then
  response=$(curl -sS --max-time 120 "http://$ADDRESS/")
else
  response=$(python3 -c "import urllib.request,sys; print(urllib.request.urlopen(sys.argv[1], timeout=120).read().decode())" "http://$ADDRESS/")
fi
echo "$response"
echo "==> first response after $(( ($(date +%s%N) - started) / 1000000 )) ms"

echo "==> What the application logged about its sockets:"
grep -E "Adopted|Tomcat connector serves|Tomcat started" "$log" | sed -E 's/^.*\] [^ ]+ *: //'

echo "==> Stopping it as systemd does (SIGTERM, graceful shutdown)"
trap - EXIT
kill -TERM "$pid"
status=0
wait "$pid" || status=$?
grep -E "graceful shutdown|Graceful shutdown" "$log" | sed -E 's/^.*\] [^ ]+ *: //'
echo "==> exit status $status (143 = stopped by SIGTERM; systemd units say SuccessExitStatus=143)"
