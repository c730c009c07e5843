#!/usr/bin/env bash
# Benchmark (not a test): requests/s of Tomcat, Jetty and Reactor Netty serving a socket
# handed over by systemd-socket-activate ("adopted"), against the same server binding the port
# itself ("bound"), in one run, on loopback only. Target: adopted >= 0.98 x bound (req/s).
#
# Method: one warm JVM serving both listeners, measured in turns. Fresh JVMs differ from each
# other by far more than 2 % (JIT decisions, where the scheduler puts them, what the rest of the
# machine does), and so do two warm JVMs of the same server: with a pair of JVMs per comparison
# the ratio moved from 0.93 to 1.12 between pairs. So both sides live in the same JVM: the test
# application, started under `systemd-socket-activate -l 127.0.0.1:PORT_A`, serves the adopted
# socket, and with `--testapp.bound-port=PORT_B` it also serves a loopback port that its server
# binds itself, as Boot's own connector would (Tomcat: an additional connector with Boot's
# connector customizers; Jetty: a ServerConnector configured as Boot's; Reactor Netty: a second
# server from Boot's factory on the same event loops). The JIT, the heap, the thread pools' code
# and the request path are then the same for both; only the listening socket and the code that
# accepts on it differ, which is what is measured. For each server and each of `repetitions`
# JVMs:
#   1. start the JVM pinned to one CPU, wait until both ports answer;
#   2. warm it up in alternating rounds of 5 s of wrk on each port, until steady: two rounds in
#      a row in which the JIT compiled at most 20 methods (jstat -compiler) and each side's req/s
#      moved less than 5 % (at least 4, at most BENCH_WARMUP_MAX=36 rounds);
#   3. measure BENCH_WINDOWS windows of `seconds` each, alternating A B B A A B B A (the next
#      JVM starts with B: B A A B B A A B), so neither side is systematically first or last; with
#      a multiple of 4 windows, a steady drift (JIT still at work, the machine's load) weighs on
#      both sides alike. Each window records the requests/s and the JVM's CPU time per request
#      (utime + stime from /proc/PID/stat over the window, divided by the requests wrk counted;
#      only one side is loaded in a window), which does not depend on how busy the other cores
#      are;
#   4. per JVM: the req/s ratio adopted / bound of the windows' medians, and the CPU ratio
#      bound / adopted of the CPU per request (above 1: the adopted side spends less);
#   5. stop the JVM by pid (TERM, then KILL after 30 s).
# Per server: the median of the JVMs' ratios, and the medians of all windows' raw figures.
# After accept, an adopted socket is served by exactly the code that serves a bound one, so
# both ratios are expected at 1.00 within the noise.
#
# usage: bench/servers.sh [repetitions=3] [seconds=10] [connections=32]
#        BENCH_SERVERS="tomcat jetty netty" (the servers to measure), BENCH_PIN=0 (no CPU pinning),
#        BENCH_PORT=18480 (adopted; bound on BENCH_PORT + 1), BENCH_WARMUP_MAX=36 (warm-up
#        rounds at most), BENCH_WINDOWS=8 (measured windows per JVM, even),
#        BENCH_JSON=FILE (also write every figure as JSON, for bench/chart.py)
set -euo pipefail
cd "$(dirname "$0")/.."

REPS="${1:-3}"
SECONDS_PER_RUN="${2:-10}"
CONNECTIONS="${3:-32}"
PORT="${BENCH_PORT:-18480}"
WINDOWS="${BENCH_WINDOWS:-8}"
SERVERS="${BENCH_SERVERS:-tomcat jetty netty}"
WARMUP_ROUNDS=4 WARMUP_SECONDS=5 WARMUP_MAX="${BENCH_WARMUP_MAX:-36}" # rounds per JVM, alternating
WARMUP_COMPILES=20               # methods compiled in a round that still count as steady
STARTUP_LIMIT=180                # seconds for the JVM to answer on both ports
STOP_LIMIT=30                    # seconds between TERM and KILL

fail() { echo "bench: $*" >&2; exit 1; }
positive() { [[ $2 =~ ^[1-9][0-9]*$ ]] || fail "$1 is '$2': give a positive integer"; }
positive repetitions "$REPS"
positive seconds "$SECONDS_PER_RUN"
positive connections "$CONNECTIONS"
[ "$CONNECTIONS" -ge 2 ] || fail "connections is $CONNECTIONS: give at least 2 (wrk runs 2 threads)"
positive BENCH_WINDOWS "$WINDOWS"
[ $((WINDOWS % 2)) -eq 0 ] || fail "BENCH_WINDOWS is $WINDOWS: give an even number (as many windows per side)"
positive BENCH_WARMUP_MAX "$WARMUP_MAX"
[ "$WARMUP_MAX" -ge "$WARMUP_ROUNDS" ] || fail "BENCH_WARMUP_MAX is $WARMUP_MAX: give at least $WARMUP_ROUNDS (rounds)"
positive BENCH_PORT "$PORT"
[ "$PORT" -le 65534 ] || fail "BENCH_PORT is $PORT: give a port up to 65534 (the bound server uses BENCH_PORT + 1)"
PORT_A=$PORT PORT_B=$((PORT + 1))
for server in $SERVERS; do
  case $server in tomcat | jetty | netty) ;; *) fail "BENCH_SERVERS names '$server': use tomcat, jetty and/or netty" ;; esac
done
[ -n "${SERVERS// /}" ] || fail "BENCH_SERVERS is empty: name tomcat, jetty and/or netty"

for tool in wrk systemd-socket-activate java jstat curl timeout; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "bench: $tool is missing (apt-get install wrk systemd curl coreutils, and a JDK 17+)" >&2
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
# (BENCH_PIN=0 to disable). The server on the last CPU, wrk on the others.
server_pin=() wrk_pin=()
cpus=$(nproc)
if [ "${BENCH_PIN:-1}" = 1 ] && command -v taskset >/dev/null 2>&1 && [ "$cpus" -ge 2 ]; then
  server_pin=(taskset -c $((cpus - 1)))
  wrk_pin=(taskset -c 0-$((cpus - 2)))
fi
clock_ticks=$(getconf CLK_TCK)

work=$(mktemp -d)
pid=""
stop_pid() { # $1 pid of a JVM this script started: TERM, KILL after STOP_LIMIT s, reap
  local pid=$1 i
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < STOP_LIMIT * 10; i++)); do
    alive "$pid" || break
    sleep 0.1
  done
  if alive "$pid"; then
    echo "bench: pid $pid still runs ${STOP_LIMIT}s after TERM, killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}
alive() { # $1 pid: exists and is not a zombie
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [ "${stat%% *}" != Z ]
}
stop_server() { stop_pid "$pid"; pid=""; }
cleanup() { stop_server; rm -rf "$work" "${cp_file:-}"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

log_tail() { # $1 log file
  echo "--- last lines of $1:"
  tail -n 30 "$1" 2>/dev/null | cut -c1-300 || true
  echo "---"
}

start_server() { # $1 classpath $2 main class: starts the JVM, waits until both ports answer
  local cp=$1 main=$2 port deadline comm log="$work/server.log"
  for port in "$PORT_A" "$PORT_B"; do
    ! port_in_use "$port" || fail "port $port on 127.0.0.1 is in use: stop what listens there or set BENCH_PORT (A on BENCH_PORT, B on BENCH_PORT + 1)"
  done
  # taskset and systemd-socket-activate exec their program: $! is the JVM's pid (checked below).
  "${server_pin[@]}" systemd-socket-activate -l "127.0.0.1:$PORT_A" "${jvm[@]}" -cp "$cp" "$main" \
    --testapp.bound-port="$PORT_B" >"$log" 2>&1 &
  pid=$!
  deadline=$((SECONDS + STARTUP_LIMIT))
  for port in "$PORT_A" "$PORT_B"; do
    until curl -s -o /dev/null --max-time 5 "http://127.0.0.1:$port/hello"; do
      alive "$pid" || fail "$server (pid $pid) exited before answering on port $port
$(log_tail "$log")"
      [ "$SECONDS" -lt "$deadline" ] || fail "$server (pid $pid) did not answer on port $port within ${STARTUP_LIMIT}s
$(log_tail "$log")"
      sleep 0.2
    done
  done
  comm=$(cat "/proc/$pid/comm" 2>/dev/null || true)
  [ "$comm" = java ] || fail "$server: pid $pid is '$comm', not the JVM; CPU figures would be wrong"
}

compiled() { # $1 pid -> how many methods the JIT has compiled so far
  local count
  count=$(jstat -compiler "$1" 2>/dev/null | awk 'NR == 2 { print $1 }')
  [[ $count =~ ^[0-9]+$ ]] || fail "$server: jstat -compiler $1 gave no count (is jstat from the same JDK as java?)"
  echo "$count"
}

cpu_ticks() { # $1 pid -> utime + stime in clock ticks
  local stat fields
  stat=$(cat "/proc/$1/stat") || fail "$server: pid $1 is gone"
  read -r -a fields <<<"${stat##*) }" # fields[0] is field 3 (state): utime is 14, stime 15
  echo $((fields[11] + fields[12]))
}

run_wrk() { # $1 port $2 seconds -> wrk's output
  "${wrk_pin[@]}" timeout $(($2 + 60)) wrk -t2 -c"$CONNECTIONS" -d"${2}s" "http://127.0.0.1:$1/hello" ||
    fail "$server: wrk on port $1 failed or ran over $(($2 + 60))s"
}

measure() { # $1 side (adopted|bound) -> sets m_rps, m_requests, m_cpu_us (CPU microseconds per request)
  local side=$1 port before after out
  if [ "$side" = adopted ]; then port=$PORT_A; else port=$PORT_B; fi
  before=$(cpu_ticks "$pid")
  out=$(run_wrk "$port" "$SECONDS_PER_RUN")
  after=$(cpu_ticks "$pid")
  m_rps=$(awk '$1 == "Requests/sec:" { print $2 }' <<<"$out")
  m_requests=$(awk '$2 == "requests" && $3 == "in" { print $1 }' <<<"$out")
  [[ $m_rps =~ ^[0-9.]+$ && $m_requests =~ ^[1-9][0-9]*$ ]] || fail "$server ($side): no figures in wrk's output:
$out"
  if grep -q -e 'Non-2xx' -e 'Socket errors' <<<"$out"; then
    echo "bench: $server ($side): $(grep -e 'Non-2xx' -e 'Socket errors' <<<"$out" | tr -s ' ')" >&2
  fi
  m_cpu_us=$(awk -v t=$((after - before)) -v hz="$clock_ticks" -v n="$m_requests" 'BEGIN { printf "%.2f", t / hz * 1e6 / n }')
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR) print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
divide() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.6f", a / b }'; }
json_array() { local IFS=,; echo "[$*]"; }

json_rows=()
run_number=0
load() { cut -d' ' -f1-3 /proc/loadavg; }
load_before=$(load)
printf '\n%-8s %13s %13s %11s %15s %15s %9s\n' server adopted_req/s bound_req/s req/s_ratio \
  adopted_us/req bound_us/req cpu_ratio
printf '(req/s ratio = adopted / bound, target >= 0.98; cpu ratio = bound / adopted CPU time per request, > 1: adopted cheaper;\n'
printf ' one JVM serving both, warm-up until steady (%s to %s rounds of %ss each side), %s windows of %ss alternating, wrk -t2 -c%s;\n' \
  "$WARMUP_ROUNDS" "$WARMUP_MAX" "$WARMUP_SECONDS" "$WINDOWS" "$SECONDS_PER_RUN" "$CONNECTIONS"
printf ' ratios: median of %s JVMs; raw figures: median of all windows; pinned: %s; load average %s)\n' \
  "$REPS" "${server_pin[*]:-no}" "$load_before"
for server in $SERVERS; do
  case $server in
    tomcat) cp=$tomcat_cp main=$servlet_main ;;
    jetty) cp=$jetty_cp main=$servlet_main ;;
    netty) cp=$netty_cp main=$reactive_main ;;
  esac
  all_rps_a=() all_rps_b=() all_cpu_a=() all_cpu_b=() ratios=() cpu_ratios=() run_lines=() run_json=()
  for run in $(seq 1 "$REPS"); do
    run_number=$((run_number + 1))
    start_server "$cp" "$main"
    # The first side alternates from JVM to JVM (over the whole run): A B B A ... then B A A B ...
    if [ $((run_number % 2)) -eq 1 ]; then first=adopted second=bound; else first=bound second=adopted; fi
    # Warm up until the JVM is steady: on one shared core the JIT keeps raising throughput
    # (threefold and more, in steps: C1, then C2) for one to three minutes, and req/s alone
    # looks steady on a step. So a round (one turn on each side) counts as steady when the JIT
    # compiled at most WARMUP_COMPILES methods during it (jstat) and each side's req/s moved
    # less than 5 % from the previous round; warm-up ends after two steady rounds in a row (at least
    # WARMUP_ROUNDS, at most WARMUP_MAX rounds of WARMUP_SECONDS per side, alternating).
    warm_a=0 warm_b=0 steady=0 calm=0
    compiled_before=$(compiled "$pid")
    for ((round = 1; round <= WARMUP_MAX; round++)); do
      for side in $first $second; do
        if [ "$side" = adopted ]; then port=$PORT_A; else port=$PORT_B; fi
        rps=$(run_wrk "$port" "$WARMUP_SECONDS" | awk '$1 == "Requests/sec:" { print $2 }')
        if [ "$side" = adopted ]; then prev_a=$warm_a warm_a=${rps:-0}; else prev_b=$warm_b warm_b=${rps:-0}; fi
      done
      compiled_now=$(compiled "$pid")
      if awk -v a="$warm_a" -v pa="$prev_a" -v b="$warm_b" -v pb="$prev_b" -v c=$((compiled_now - compiled_before)) \
        -v limit="$WARMUP_COMPILES" \
        'BEGIN { exit !(pa > 0 && pb > 0 && a / pa > 0.95 && a / pa < 1.05 && b / pb > 0.95 && b / pb < 1.05 \
                        && c <= limit) }'; then
        calm=$((calm + 1))
      else
        calm=0
      fi
      compiled_before=$compiled_now
      if [ "$round" -ge "$WARMUP_ROUNDS" ] && [ "$calm" -ge 2 ]; then
        steady=1
        break
      fi
    done
    warmup_note="warm-up: $((round > WARMUP_MAX ? WARMUP_MAX : round)) rounds$([ "$steady" = 1 ] || echo ", not steady")"
    rps_a=() rps_b=() cpu_a=() cpu_b=() windows_json=()
    for ((w = 0; w < WINDOWS; w++)); do
      if [ $((w % 4)) -eq 0 ] || [ $((w % 4)) -eq 3 ]; then side=$first; else side=$second; fi
      measure "$side"
      if [ "$side" = adopted ]; then rps_a+=("$m_rps") cpu_a+=("$m_cpu_us"); else rps_b+=("$m_rps") cpu_b+=("$m_cpu_us"); fi
      windows_json+=("$(printf '{"side": "%s", "rps": %s, "requests": %s, "cpu_us": %s}' \
        "$side" "$m_rps" "$m_requests" "$m_cpu_us")")
    done
    stop_server
    a=$(printf '%s\n' "${rps_a[@]}" | median) b=$(printf '%s\n' "${rps_b[@]}" | median)
    ca=$(printf '%s\n' "${cpu_a[@]}" | median) cb=$(printf '%s\n' "${cpu_b[@]}" | median)
    ratio=$(divide "$a" "$b") cpu_ratio=$(divide "$cb" "$ca")
    ratios+=("$ratio") cpu_ratios+=("$cpu_ratio")
    all_rps_a+=("${rps_a[@]}") all_rps_b+=("${rps_b[@]}") all_cpu_a+=("${cpu_a[@]}") all_cpu_b+=("${cpu_b[@]}")
    run_lines+=("$(printf '  JVM %s (%s first, %s): req/s %.0f / %.0f = %.3f; us/req %.1f / %.1f, cpu ratio %.3f; windows adopted %s, bound %s' \
      "$run" "$first" "$warmup_note" "$a" "$b" "$ratio" "$ca" "$cb" "$cpu_ratio" "${rps_a[*]}" "${rps_b[*]}")")
    run_json+=("$(printf '{"first": "%s", "warmup": "%s", "ratio": %s, "cpu_ratio": %s, "adopted": %s, "bound": %s, "adopted_cpu_us": %s, "bound_cpu_us": %s,\n      "windows": %s}' \
      "$first" "$warmup_note" "$ratio" "$cpu_ratio" "$a" "$b" "$ca" "$cb" "$(json_array "${windows_json[@]}")")")
  done
  ratio=$(printf '%s\n' "${ratios[@]}" | median) cpu_ratio=$(printf '%s\n' "${cpu_ratios[@]}" | median)
  a=$(printf '%s\n' "${all_rps_a[@]}" | median) b=$(printf '%s\n' "${all_rps_b[@]}" | median)
  ca=$(printf '%s\n' "${all_cpu_a[@]}" | median) cb=$(printf '%s\n' "${all_cpu_b[@]}" | median)
  printf '%-8s %13.0f %13.0f %11.3f %15.1f %15.1f %9.3f\n' "$server" "$a" "$b" "$ratio" "$ca" "$cb" "$cpu_ratio"
  printf '%s\n' "${run_lines[@]}"
  runs_text=$(printf ',\n     %s' "${run_json[@]}")
  json_rows+=("$(printf '{"name": "%s", "ratio": %s, "cpu_ratio": %s, "adopted": %s, "bound": %s, "adopted_cpu_us": %s, "bound_cpu_us": %s,\n   "runs": [\n     %s]}' \
    "$server" "$ratio" "$cpu_ratio" "$a" "$b" "$ca" "$cb" "${runs_text#,$'\n'     }")")
done
load_after=$(load)
echo "load average before: $load_before, after: $load_after"

if [ -n "${BENCH_JSON:-}" ]; then # the figures printed above, for bench/chart.py
  {
    printf '{"benchmark": "servers", "method": "one-jvm", "date": "%s",\n' "$(date -u +%Y-%m-%dT%H:%M:%S+00:00)"
    printf ' "parameters": {"repetitions": %s, "seconds": %s, "connections": %s, "windows": %s, "warmup_rounds": %s, "warmup_max": %s, "warmup_seconds": %s,\n' \
      "$REPS" "$SECONDS_PER_RUN" "$CONNECTIONS" "$WINDOWS" "$WARMUP_ROUNDS" "$WARMUP_MAX" "$WARMUP_SECONDS"
    printf '   "pinned": "%s", "cpus": %s, "load_average": "%s / %s"},\n' "${server_pin[*]:-no}" "$cpus" "$load_before" "$load_after"
    printf ' "definitions": {"ratio": "adopted / bound req/s, per JVM of the medians of its windows, per server the median of its JVMs (target >= 0.98)",\n'
    printf '   "cpu_ratio": "bound / adopted CPU time per request, the same way (> 1: adopted cheaper)",\n'
    printf '   "adopted, bound, adopted_cpu_us, bound_cpu_us": "req/s and CPU microseconds per request, per JVM the median of its windows, per server the median of all its windows"},\n'
    printf ' "servers": [\n'
    for i in "${!json_rows[@]}"; do
      printf '  %s%s\n' "${json_rows[$i]}" "$([ "$i" -lt $((${#json_rows[@]} - 1)) ] && echo ,)"
    done
    printf ' ]}\n'
  } >"$BENCH_JSON"
  echo "results written to $BENCH_JSON"
fi
