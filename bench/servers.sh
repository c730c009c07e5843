#!/usr/bin/env bash
# Benchmark (not a test): requests/s of Tomcat, Jetty and Reactor Netty serving a socket
# handed over by systemd-socket-activate, against the same server binding the port itself,
# in one run, on loopback only. Modes are interleaved; each figure is the median of the
# repetitions. Target: adopted >= 0.98 x self-bound.
#
# usage: bench/servers.sh [repetitions=3] [seconds=10] [connections=32]
#        BENCH_SERVERS="tomcat jetty netty" (the servers to measure), BENCH_PIN=0 (no CPU pinning),
#        BENCH_JSON=FILE (also write the medians and every run as JSON, for bench/chart.py)
set -euo pipefail
cd "$(dirname "$0")/.."

REPS="${1:-3}"
SECONDS_PER_RUN="${2:-10}"
CONNECTIONS="${3:-32}"
PORT="${BENCH_PORT:-18480}"

for tool in wrk systemd-socket-activate java curl; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "bench: $tool is missing (apt-get install wrk systemd curl, and a JDK 17+)" >&2
    exit 1
  fi
done

echo "== building (tests skipped) and resolving the test classpath"
./mvnw -B -q -DskipTests -DskipITs package -pl socket-activation-autoconfigure >/dev/null
cp_file="$(mktemp)"
./mvnw -B -q -pl socket-activation-autoconfigure dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >/dev/null
module=socket-activation-autoconfigure/target
base_cp="$module/test-classes:$module/classes:$(cat "$cp_file")"

classpath_without() { # $@: substrings of jars to leave out (as in the tests' Servers class)
  tr ':' '\n' <<<"$base_cp" | grep -v -F "$(printf '%s\n' "$@")" | paste -sd: -
}
tomcat_cp=$(classpath_without /org/eclipse/jetty/ /spring-boot-jetty/ /spring-boot-starter-jetty)
jetty_cp=$(classpath_without /org/apache/tomcat/ /spring-boot-tomcat/ /spring-boot-starter-tomcat)
netty_cp=$(classpath_without /org/apache/tomcat/ /spring-boot-tomcat/ /spring-boot-starter-tomcat \
  /org/eclipse/jetty/ /spring-boot-jetty/ /spring-boot-starter-jetty /spring-webmvc/ /spring-boot-webmvc/)
servlet_main=io.socketactivation.testapp.servlet.TestWebApplication
reactive_main=io.socketactivation.testapp.reactive.ReactiveTestApplication
jvm=(java -Xmx512m -XX:+UseParallelGC -Dlogging.level.root=WARN)
# On a small machine the server and the load generator fight for the same cores, which makes
# run-to-run noise far larger than the difference measured: pin them apart when possible
# (BENCH_PIN=0 to disable). Server on the last CPU, wrk on the others.
server_pin=() wrk_pin=()
cpus=$(nproc)
if [ "${BENCH_PIN:-1}" = 1 ] && command -v taskset >/dev/null 2>&1 && [ "$cpus" -ge 2 ]; then
  server_pin=(taskset -c $((cpus - 1)))
  wrk_pin=(taskset -c 0-$((cpus - 2)))
fi

pid=""
stop() { if [ -n "$pid" ]; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=""; fi; }
trap stop EXIT

run_once() { # $1 mode (adopted|bound) $2 classpath $3 main class -> prints requests/s
  local mode=$1 cp=$2 main=$3 log
  log=$(mktemp)
  if [ "$mode" = adopted ]; then
    "${server_pin[@]}" systemd-socket-activate -l "127.0.0.1:$PORT" "${jvm[@]}" -cp "$cp" "$main" >"$log" 2>&1 &
  else
    "${server_pin[@]}" "${jvm[@]}" -cp "$cp" "$main" --server.address=127.0.0.1 --server.port="$PORT" >"$log" 2>&1 &
  fi
  pid=$!
  for _ in $(seq 1 600); do
    curl -s -o /dev/null --max-time 60 "http://127.0.0.1:$PORT/hello" && break
    sleep 0.1
  done
  "${wrk_pin[@]}" wrk -t2 -c"$CONNECTIONS" -d5s "http://127.0.0.1:$PORT/hello" >/dev/null    # warm-up (JIT)
  "${wrk_pin[@]}" wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" "http://127.0.0.1:$PORT/hello" \
    | awk '/Requests\/sec/ { print $2 }'
  stop
  rm -f "$log"
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

json_list() { local IFS=,; echo "$*" | sed 's/^,/null,/; s/,,/,null,/g; s/,,/,null,/g; s/,$/,null/'; } # runs; a failed run is null
json_rows=()
printf '\n%-8s %14s %14s %8s   (wrk -t2 -c%s, %ss, median of %s, loopback, pinned: %s)\n' server adopted_req/s \
  bound_req/s ratio "$CONNECTIONS" "$SECONDS_PER_RUN" "$REPS" "${server_pin[*]:-no}"
for server in ${BENCH_SERVERS:-tomcat jetty netty}; do
  case $server in
    tomcat) cp=$tomcat_cp main=$servlet_main ;;
    jetty) cp=$jetty_cp main=$servlet_main ;;
    netty) cp=$netty_cp main=$reactive_main ;;
  esac
  adopted=() bound=()
  for rep in $(seq 1 "$REPS"); do
    if [ $((rep % 2)) -eq 1 ]; then
      adopted+=("$(run_once adopted "$cp" "$main")"); bound+=("$(run_once bound "$cp" "$main")")
    else
      bound+=("$(run_once bound "$cp" "$main")"); adopted+=("$(run_once adopted "$cp" "$main")")
    fi
  done
  a=$(printf '%s\n' "${adopted[@]}" | median)
  b=$(printf '%s\n' "${bound[@]}" | median)
  printf '%-8s %14.0f %14.0f %8.3f   runs: adopted %s / bound %s\n' "$server" "$a" "$b" \
    "$(awk -v a="$a" -v b="$b" 'BEGIN { print a / b }')" "${adopted[*]}" "${bound[*]}"
  json_rows+=("$(printf '{"name": "%s", "adopted": %s, "bound": %s, "adopted_runs": [%s], "bound_runs": [%s]}' \
    "$server" "${a:-null}" "${b:-null}" "$(json_list "${adopted[@]}")" "$(json_list "${bound[@]}")")")
done

if [ -n "${BENCH_JSON:-}" ]; then # the figures printed above, for bench/chart.py (requests/s)
  {
    printf '{"benchmark": "servers", "date": "%s",\n' "$(date -u +%Y-%m-%dT%H:%M:%S+00:00)"
    printf ' "parameters": {"repetitions": %s, "seconds": %s, "connections": %s, "pinned": "%s", "cpus": %s},\n' \
      "$REPS" "$SECONDS_PER_RUN" "$CONNECTIONS" "${server_pin[*]:-no}" "$cpus"
    printf ' "servers": [\n'
    for i in "${!json_rows[@]}"; do
      printf '  %s%s\n' "${json_rows[$i]}" "$([ "$i" -lt $((${#json_rows[@]} - 1)) ] && echo ,)"
    done
    printf ' ]}\n'
  } >"$BENCH_JSON"
  echo "results written to $BENCH_JSON"
fi
