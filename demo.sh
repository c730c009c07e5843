#!/usr/bin/env bash
# The demo: builds proxy-app and sample-app, lets systemd-socket-activate listen on
# 127.0.0.1:8080 and start proxy-app on the first connection; proxy-app runs sample-app as
# its child on a private Unix socket and forwards that first connection to it as soon as it
# listens. Prints the response, the health and metrics of both actuators (proxy-app's on its
# private management socket, sample-app's through the proxy), then stops everything as
# systemd would (SIGTERM).
#
# usage: ./demo.sh            (DEMO_ADDRESS=127.0.0.1:8080 by default)
set -euo pipefail
cd "$(dirname "$0")"

ADDRESS="${DEMO_ADDRESS:-127.0.0.1:8080}"

missing() { echo "demo: $1 is missing. Install it with: $2" >&2; exit 1; }
command -v systemd-socket-activate >/dev/null 2>&1 \
  || missing systemd-socket-activate "sudo apt-get install systemd   (Fedora: sudo dnf install systemd; it works without systemd as PID 1)"
command -v java >/dev/null 2>&1 \
  || missing java "a JDK 17 or newer, for example: sudo apt-get install openjdk-17-jdk-headless"
command -v curl >/dev/null 2>&1 || missing curl "sudo apt-get install curl"

echo "==> Building proxy-app and sample-app (./mvnw -B -q -DskipTests -DskipITs package)"
./mvnw -B -q -DskipTests -DskipITs package -pl proxy-app,sample-app -am

log="$(mktemp -t socket-activation-demo.XXXXXX.log)"
command=(java -jar proxy-app/target/proxy-app.jar java -jar sample-app/target/sample-app.jar)
echo "==> systemd-socket-activate -l $ADDRESS ${command[*]}"
echo "    (log: $log)"
systemd-socket-activate -l "$ADDRESS" "${command[@]}" >"$log" 2>&1 &
pid=$!
stop() { # SIGTERM as systemd sends it, then wait (bounded); SIGKILL only if it hangs
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  echo "demo: pid $pid did not stop within 30 s of SIGTERM: killing it" >&2
  kill -KILL "$pid" 2>/dev/null || true
}
trap stop EXIT

for _ in $(seq 1 50); do
  grep -q "Listening on" "$log" && break
  if ! kill -0 "$pid" 2>/dev/null; then cat "$log" >&2; echo "demo: could not listen on $ADDRESS" >&2; exit 1; fi
  sleep 0.1
done
grep -q "Listening on" "$log" || { cat "$log" >&2; echo "demo: nothing listens on $ADDRESS after 5 s" >&2; exit 1; }

quiet_log() { # "<time> INFO <pid> --- [app] [thread] logger : text" -> "app: text"; "<time> INFO proxy-app: text" -> "proxy-app: text"
  sed -E -e 's/^[^ ]+ +[A-Z]+ +[0-9]+ --- \[([^]]+)\] \[[^]]*\] [^ ]+ +: /\1: /' -e 's/^[^ ]+ +[A-Z]+ +(proxy-app: )/\1/'
}

echo
echo "==> GET http://$ADDRESS/"
echo "    Nothing runs yet: this connection starts proxy-app, which starts sample-app and forwards"
echo "    the connection to it as soon as sample-app listens (it waits in the meantime, never refused)."
started=$(date +%s%N)
curl -sS --max-time 120 "http://$ADDRESS/"
echo
echo "==> first response after $(( ($(date +%s%N) - started) / 1000000 )) ms"

echo
echo "==> What proxy-app and sample-app logged about their sockets:"
grep -E "Forwarding|Started child|Actuator starts|Actuator listening|Backend .* accepted its first|Adopted|Tomcat connector serves|Bound|Tomcat started" "$log" \
  | quiet_log | sed 's/^/    /'

management=$(sed -nE -e 's/.*Actuator starts on the first connection to (.*)$/\1/p' \
  -e 's/.*Actuator listening on (.*)$/\1/p' "$log" | head -n 1)
proxy_actuator() { # $1 path [$2 seconds]: proxy-app's Actuator, on its private management socket
  case "$management" in
    /*) curl -sS --max-time "${2:-10}" --unix-socket "$management" "http://localhost$1" ;;
    *) curl -sS --max-time "${2:-10}" "http://$management$1" ;;
  esac
}
metric() { # $1 JSON of /actuator/metrics/NAME -> NAME = value
  python3 -c 'import json,sys; m=json.load(sys.stdin); print("    %-44s %s" % (m["name"], ", ".join("%s=%g" % (s["statistic"], s["value"]) for s in m["measurements"])))' 2>/dev/null \
    || cat
}

echo
if [ -n "$management" ]; then
  echo "==> proxy-app's Actuator (on $management, never the public socket)"
  echo "    It starts on this first request, which waits for it (socket activation inside the proxy)."
  echo "    GET /actuator/health"
  started=$(date +%s%N)
  proxy_actuator /actuator/health 120 | sed 's/^/    /'; echo
  echo "    (answered after $(( ($(date +%s%N) - started) / 1000000 )) ms)"
  grep -E "Actuator listening" "$log" | quiet_log | sed 's/^/    /'
  for name in proxy.connections.accepted proxy.connections.open proxy.bytes proxy.backend.connect; do
    proxy_actuator "/actuator/metrics/$name" | metric
  done
else
  echo "==> proxy-app did not log its management socket (see $log)"
fi

echo
echo "==> sample-app's Actuator (through the proxy)"
echo "    GET /actuator/health"
curl -sS --max-time 10 "http://$ADDRESS/actuator/health" | sed 's/^/    /'; echo
for name in socket.activation.connections.accepted socket.activation.connections.open http.server.requests; do
  curl -sS --max-time 10 "http://$ADDRESS/actuator/metrics/$name" | metric
done

echo
echo "==> Stopping as systemd does: SIGTERM to proxy-app, which stops sample-app and exits 143 (systemd: SuccessExitStatus=143)"
trap - EXIT
stop
status=0
wait "$pid" || status=$?
grep -E "Stopping on signal|Stopping child|Child pid .* exited|Graceful shutdown|graceful shutdown|Stopped" "$log" \
  | quiet_log | sed 's/^/    /'
echo "==> exit status $status (143 = stopped by SIGTERM; the units say SuccessExitStatus=143)"
