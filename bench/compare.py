#!/usr/bin/env python3
"""Compare TCP -> Unix socket forwarders on loopback, in one run (a benchmark, not a test).

Forwarders, each on its own loopback port, all to one nginx serving on a Unix socket:
proxy-app (under systemd-socket-activate; as shipped, with Actuator, which starts on demand, never
asked; with Actuator asked once before the runs; on io_uring; and without Actuator),
systemd-socket-proxyd (same), haproxy (tcp mode),
nginx stream, socat, and no proxy (nginx's own TCP listener); and, only when named with --only,
"channel-free spike" (bench/spikes/RawForward.java: forwarding on Netty's event loops without its
channels, a measurement, not a product). For each: keep-alive req/s,
`Connection: close` req/s, bulk MiB/s (16 MiB file), p50/p99 latency (keep-alive), RSS of the
forwarder afterwards, CPU per request (all runs) and per connection (the `Connection: close`
run alone). Repetitions are interleaved (round-robin over the forwarders); medians and ratios
to no proxy are printed. Every loop is bounded.

usage: sudo bench/compare.py [--repetitions N] [--seconds S] [--connections C] [--warmup S] [--json FILE]
                             [--only NAME]...
--json FILE also writes the medians (and every run) as JSON, for bench/chart.py.
Installs nginx, libnginx-mod-stream, haproxy, socat and wrk with apt-get when missing.
"""
import argparse, datetime, json, os, re, shutil, signal, socket, statistics, subprocess, sys, tempfile, time, zipfile
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JAR = os.environ.get("PROXY_JAR") or os.path.join(ROOT, "proxy-app", "target", "proxy-app.jar")
# the JVM options of sample-app/deploy/systemd/sample-app-proxied.service
PROXY_JVM = os.environ.get("PROXY_JVM", "-XX:+UseSerialGC -Xmx32m -Xss256k -XX:MaxMetaspaceSize=96m "
                           "-XX:+UnlockExperimentalVMOptions -XX:TrimNativeHeapInterval=1000 "
                           "-Dio.netty.allocator.numDirectArenas=1 "
                           "-Dio.netty.allocator.numHeapArenas=1").split()
SOCKET_PROXYD = "/lib/systemd/systemd-socket-proxyd"
SPIKE = os.path.join(ROOT, "bench", "spikes", "RawForward.java")
# forwarders that run only when named with --only
OPT_IN = {"channel-free spike"}


def install():
    missing = [p for p, exe in [("nginx", "nginx"), ("haproxy", "haproxy"), ("socat", "socat"), ("wrk", "wrk")]
               if not shutil.which(exe)]
    if not os.path.exists("/usr/lib/nginx/modules/ngx_stream_module.so"):
        missing.append("libnginx-mod-stream")
    if missing:
        print("installing", " ".join(missing), flush=True)
        subprocess.run(["apt-get", "install", "-y", "-q", *missing], check=True, stdout=subprocess.DEVNULL)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on {port}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--warmup", type=int, default=10,
                        help="seconds of Connection: close, then as many of keep-alive, for every forwarder before the "
                             "repetitions (the JVM's JIT compiler needs 10 to 15 s of load on two processors)")
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON (for bench/chart.py)")
    parser.add_argument("--only", metavar="NAME", action="append",
                        help="run only this forwarder (repeatable; no proxy always runs)")
    args = parser.parse_args()
    install()
    work = tempfile.mkdtemp(prefix="proxy-bench-")
    backend = os.path.join(work, "nginx.sock")
    with open(os.path.join(work, "bulk"), "wb") as f:
        f.write(os.urandom(16 * 1024 * 1024))
    ports = {name: free_port() for name in
             ["no proxy", "proxy-app", "proxy-app, Actuator asked", "proxy-app, io_uring", "proxy-app, no Actuator",
              "systemd-socket-proxyd", "haproxy", "nginx stream", "socat", "channel-free spike"]}
    management_port = free_port()
    if args.only:
        wanted = {"no proxy", *args.only}
        unknown = wanted - ports.keys()
        if unknown:
            parser.error(f"--only: unknown forwarder(s) {', '.join(sorted(unknown))}; known: {', '.join(ports)}")
    else:
        wanted = set(ports) - OPT_IN
    processes = {}
    logs = {}

    def log(name):
        """The file a forwarder's output goes to (its tail is shown if it exits)."""
        logs[name] = os.path.join(work, re.sub(r"[^a-z0-9]+", "-", name) + ".log")
        return open(logs[name], "w")

    nginx_conf = os.path.join(work, "nginx.conf")
    with open(nginx_conf, "w") as f:
        f.write(f"""
daemon off; master_process off; worker_processes 1; pid {work}/nginx.pid; error_log {work}/nginx.err;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  server {{
    listen unix:{backend}; listen 127.0.0.1:{ports['no proxy']};
    location = / {{ return 200 "hello from nginx on a unix socket\\n"; }}
    location = /bulk {{ alias {work}/bulk; }}
  }}
}}
""")
    stream_conf = os.path.join(work, "stream.conf")
    with open(stream_conf, "w") as f:
        f.write(f"""
load_module /usr/lib/nginx/modules/ngx_stream_module.so;
daemon off; master_process off; worker_processes 1; pid {work}/stream.pid; error_log {work}/stream.err;
events {{ worker_connections 4096; }}
stream {{ server {{ listen 127.0.0.1:{ports['nginx stream']}; proxy_pass unix:{backend}; }} }}
""")
    haproxy_conf = os.path.join(work, "haproxy.cfg")
    with open(haproxy_conf, "w") as f:
        f.write(f"""
global
  maxconn 4096
defaults
  mode tcp
  timeout connect 5s
  timeout client 60s
  timeout server 60s
listen forward
  bind 127.0.0.1:{ports['haproxy']}
  server nginx unix@{backend}
""")
    try:
        processes["nginx"] = subprocess.Popen(["nginx", "-c", nginx_conf, "-p", work],
                                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_port(ports["no proxy"])
        processes["no proxy"] = processes["nginx"]
        start = {}
        start["nginx stream"] = lambda: subprocess.Popen(["nginx", "-c", stream_conf, "-p", work],
                                                         stdout=subprocess.DEVNULL, stderr=log("nginx stream"))
        # proxy-app as shipped (epoll; Actuator on its private management socket, started on the
        # first connection to it, which never comes), the same with Actuator asked (so started)
        # once before the runs, on io_uring (proxy.transport=io_uring, only when chosen), and
        # without Actuator
        for name, options in [("proxy-app", []),
                              ("proxy-app, Actuator asked", [f"--proxy.management.address=127.0.0.1:{management_port}"]),
                              ("proxy-app, io_uring", ["--proxy.transport=io_uring"]),
                              ("proxy-app, no Actuator", ["--proxy.management.enabled=false"])]:
            start[name] = lambda name=name, options=options: subprocess.Popen(
                ["systemd-socket-activate", "-l", f"127.0.0.1:{ports[name]}", "-E",
                 f"LAUNCH_PROGRAM_SOCKET_PATH={backend}", "java", *PROXY_JVM, "-jar", JAR, *options,
                 "--proxy.connections.max=4096", "-"],
                stdout=subprocess.DEVNULL, stderr=log(name))
        # with SIGPIPE ignored, as in a systemd unit (IgnoreSIGPIPE=yes, the default): Python
        # ignores it and restore_signals=False passes that on; with the default action
        # systemd-socket-proxyd dies of a client that goes away under Connection: close load
        start["systemd-socket-proxyd"] = lambda: subprocess.Popen(
            ["systemd-socket-activate", "-l", f"127.0.0.1:{ports['systemd-socket-proxyd']}", SOCKET_PROXYD,
             "--connections-max=4096", backend], stdout=subprocess.DEVNULL, stderr=log("systemd-socket-proxyd"),
            restore_signals=False)
        start["haproxy"] = lambda: subprocess.Popen(["haproxy", "-f", haproxy_conf, "-db"],
                                                stdout=subprocess.DEVNULL, stderr=log("haproxy"))
        start["socat"] = lambda: subprocess.Popen(
            ["socat", f"TCP-LISTEN:{ports['socat']},bind=127.0.0.1,reuseaddr,fork,backlog=1024",
             f"UNIX-CONNECT:{backend}"], stdout=subprocess.DEVNULL, stderr=log("socat"))
        start["channel-free spike"] = lambda: start_spike(work, backend, ports["channel-free spike"],
                                                          log("channel-free spike"))
        ports = {name: port for name, port in ports.items() if name in wanted}
        for name in ports:
            if name != "no proxy":
                processes[name] = start[name]()
        for name, port in ports.items():
            wait_port(port)
        if "proxy-app, Actuator asked" in ports:
            # the first connection starts the proxy, the next one its Actuator
            wrk(ports["proxy-app, Actuator asked"], "/", 1, 1)
            ask_actuator(management_port)
        results = {name: {"keep-alive": [], "close": [], "bulk": [], "p50": [], "p99": [], "cpu": [], "cpu-close": []}
                   for name in ports}
        # warm up every forwarder the same way (the JVM's JIT most of all: with 2 s, the first
        # repetition of proxy-app still ran partly interpreted, and one repetition in three or
        # five is enough to move a median)
        for name, port in ports.items():
            wrk(port, "/", args.warmup, args.connections, close=True)
            wrk(port, "/", args.warmup, args.connections)
        for repetition in range(args.repetitions):
            for name, port in ports.items():
                if exited(name, processes[name], logs.get(name)):
                    continue
                pid = processes[name].pid
                cpu_before = cpu_seconds(pid)
                keep = wrk(port, "/", args.seconds, args.connections)
                cpu_close_before = cpu_seconds(pid)
                close = wrk(port, "/", args.seconds, args.connections, close=True)
                cpu_close = cpu_seconds(pid) - cpu_close_before
                bulk = wrk(port, "/bulk", args.seconds, 4)
                requests = keep["requests"] + close["requests"]
                cpu = cpu_seconds(pid) - cpu_before
                r = results[name]
                r["keep-alive"].append(keep["rps"])
                r["close"].append(close["rps"])
                r["bulk"].append(bulk["mib"])
                r["p50"].append(keep["p50"])
                r["p99"].append(keep["p99"])
                r["cpu"].append(cpu / max(requests, 1) * 1e6)
                r["cpu-close"].append(cpu_close / max(close["requests"], 1) * 1e6)
                print(f"repetition {repetition + 1} {name}: keep-alive {keep['rps']:.0f} req/s, "
                      f"close {close['rps']:.0f} req/s, bulk {bulk['mib']:.0f} MiB/s", flush=True)
        print()
        print(f"{'forwarder':24} {'keep-alive':>12} {'close':>12} {'bulk MiB/s':>12} {'p50 ms':>8} {'p99 ms':>8} "
              f"{'RSS MiB':>8} {'CPU us/req':>11} {'us/conn':>8}")
        base = {k: statistics.median(results["no proxy"][k]) for k in ("keep-alive", "close", "bulk")}
        rows = []
        for name in ports:
            if not results[name]["keep-alive"]:
                print(f"{name:24} no figures: it exited (see above)")
                rows.append({"name": name, "runs": results[name]})
                continue
            r = {k: statistics.median(v) for k, v in results[name].items()}
            # no RSS for a forwarder that has exited since its last repetition
            rss = None if exited(name, processes[name], logs.get(name)) else rss_mib(processes[name].pid)
            rows.append({"name": name, **r, "rss": rss, "runs": results[name]})
            print(f"{name:24} {r['keep-alive']:8.0f} {r['keep-alive'] / base['keep-alive']:.2f} "
                  f"{r['close']:8.0f} {r['close'] / base['close']:.2f} {r['bulk']:8.0f} {r['bulk'] / base['bulk']:.2f} "
                  f"{r['p50']:8.2f} {r['p99']:8.2f} {'exited' if rss is None else f'{rss:.1f}':>8} "
                  f"{r['cpu']:11.1f} {r['cpu-close']:8.1f}")
        print(f"\n(medians of {args.repetitions} interleaved repetitions of {args.seconds} s, wrk -t2 "
              f"-c{args.connections}, after {args.warmup} s of each kind of load; ratios to no proxy; the no-proxy "
              f"row is nginx itself; RSS of the forwarder process; load average {os.getloadavg()[0]:.1f})")
        print_targets({row["name"]: row for row in rows if "rss" in row})
        if args.json:
            write_json(args, rows)
    finally:
        for name, process in processes.items():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(work, ignore_errors=True)


def start_spike(work, backend, port, log):
    """Compile bench/spikes/RawForward.java against the Netty jars inside proxy-app.jar, and start
    it with proxy-app's JVM options and one event loop per processor, as proxy-app has."""
    lib = os.path.join(work, "spike-lib")
    classes = os.path.join(work, "spike-classes")
    os.makedirs(lib, exist_ok=True)
    jars = []
    with zipfile.ZipFile(JAR) as jar:
        for name in jar.namelist():
            if re.fullmatch(r"BOOT-INF/lib/netty-(common|buffer|transport|transport-native-unix-common|"
                            r"transport-classes-epoll|transport-native-epoll)-\d[^/]*\.jar", name):
                path = os.path.join(lib, os.path.basename(name))
                with jar.open(name) as source, open(path, "wb") as target:
                    shutil.copyfileobj(source, target)
                jars.append(path)
    classpath = ":".join(jars)
    subprocess.run(["javac", "-nowarn", "-d", classes, "-cp", classpath, SPIKE], check=True)
    return subprocess.Popen(["java", *PROXY_JVM, "-cp", f"{classes}:{classpath}", "io.netty.channel.epoll.RawForward",
                             backend, str(os.cpu_count()), str(port)], stdout=subprocess.DEVNULL, stderr=log)


def ask_actuator(port, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/actuator/health", timeout=timeout) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    sys.exit(f"proxy-app's Actuator on 127.0.0.1:{port} did not answer within {timeout} s")


def exited(name, process, log):
    """Whether a forwarder has exited; says so once, with the tail of its output."""
    status = process.poll()
    if status is None:
        return False
    if not getattr(process, "reported", False):
        process.reported = True
        tail = ""
        if log and os.path.exists(log):
            with open(log, errors="replace") as f:
                tail = "".join(f.readlines()[-15:])
        print(f"{name} exited with status {status}; its last output:\n{tail or '(none)'}", flush=True)
    return True


def print_targets(rows):
    """The targets of the proxy-app issue, as ratios in this run, for the forwarders it ran."""
    app = rows.get("proxy-app")
    if app is None:
        return
    print("\nproxy-app's targets in this run:")

    def target(label, value, reference):
        if reference is not None:
            ratio = value / reference if reference else float("inf")
            print(f"  {label}: {ratio:.2f} ({value:,.0f} against {reference:,.0f}) {'met' if ratio >= 1 else 'NOT MET'}")

    def figure(name, key):
        return rows[name][key] if name in rows else None

    target("keep-alive >= nginx stream", app["keep-alive"], figure("nginx stream", "keep-alive"))
    # proxy-app's anchors are the two forwarders it succeeds (docs/performance.md):
    # launch_socket_server, which needs launchd (macOS only), and systemd-socket-proxyd
    target("Connection: close >= the best anchor (systemd-socket-proxyd)", app["close"],
           figure("systemd-socket-proxyd", "close"))
    target("bulk >= systemd-socket-proxyd", app["bulk"], figure("systemd-socket-proxyd", "bulk"))
    if app["rss"] is not None:
        print(f"  RSS <= 96 MiB: {app['rss']:.1f} MiB {'met' if app['rss'] <= 96 else 'NOT MET'}")
    if "haproxy" in rows:
        print(f"  (not a target: Connection: close is {app['close'] / rows['haproxy']['close']:.2f} of haproxy's, "
              f"the best forwarder here)")


def write_json(args, rows):
    """The medians printed above, and every run, for bench/chart.py (units: req/s, MiB/s, ms, MiB, us/req, us/connection)."""
    document = {"benchmark": "compare", "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
                "parameters": {"repetitions": args.repetitions, "seconds": args.seconds, "warmup": args.warmup,
                               "connections": args.connections, "proxy_jvm": " ".join(PROXY_JVM),
                               "cpus": os.cpu_count(), "load_average": round(os.getloadavg()[0], 1)},
                "baseline": "no proxy", "forwarders": rows}
    with open(args.json, "w") as f:
        json.dump(document, f, indent=2)
        f.write("\n")
    print(f"results written to {args.json}")


def wrk(port, path, seconds, connections, close=False):
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    if close:
        command += ["-H", "Connection: close"]
    out = subprocess.run(command + [f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True,
                         timeout=seconds + 60).stdout
    return {"rps": number(out, r"Requests/sec:\s+([\d.]+)"),
            "requests": number(out, r"(\d+) requests in"),
            "mib": transfer(out),
            "p50": latency(out, "50%"), "p99": latency(out, "99%")}


def number(text, pattern):
    match = re.search(pattern, text)
    return float(match.group(1)) if match else 0.0


def transfer(text):
    match = re.search(r"Transfer/sec:\s+([\d.]+)(\w+)", text)
    if not match:
        return 0.0
    value, unit = float(match.group(1)), match.group(2)
    return value * {"B": 1 / 1048576, "KB": 1 / 1024, "MB": 1, "GB": 1024}.get(unit, 1)


def latency(text, percentile):
    match = re.search(rf"{re.escape(percentile)}\s+([\d.]+)(us|ms|s)", text)
    if not match:
        return 0.0
    value, unit = float(match.group(1)), match.group(2)
    return value * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def cpu_seconds(pid):
    total = 0.0
    for p in [pid] + children(pid):
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            # own and reaped children's time (socat forks per connection)
            total += sum(int(x) for x in fields[11:15]) / os.sysconf("SC_CLK_TCK")
        except OSError:
            pass
    return total


def rss_mib(pid):
    total = 0
    for p in [pid] + children(pid):
        try:
            with open(f"/proc/{p}/status") as f:
                total += int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1))
        except (OSError, AttributeError):
            pass
    return total / 1024


def children(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(c) for c in f.read().split()]
    except OSError:
        return []


if __name__ == "__main__":
    sys.exit(main())
