#!/usr/bin/env python3
"""Activation -> first forwarded byte for proxy-app, on loopback only.

Starts an echo backend on a Unix socket, then N times: systemd-socket-activate -l 127.0.0.1:PORT
<proxy command> -, connect (this triggers the JVM start), send one byte, time until it comes back
through the proxy, stop the proxy. Prints each run and the median. The proxy gets a NOTIFY_SOCKET,
as under a Type=notify unit (it then loads junixsocket to send READY=1); NOTIFY=0 leaves it out.

usage: [PROXY_JAR=path] bench/activation-latency.py [runs] [JVM options...]
"""
import os, signal, socket, statistics, subprocess, sys, tempfile, threading, time

JAR = os.environ.get("PROXY_JAR") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "proxy-app", "target", "proxy-app.jar")
runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
jvm = sys.argv[2:] or ["-Dio.netty.jfr.enabled=false", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m"]

directory = tempfile.mkdtemp(prefix="bench-")
path = os.path.join(directory, "backend.sock")
server = socket.socket(socket.AF_UNIX)
server.bind(path)
server.listen(64)

def serve():
    while True:
        connection, _ = server.accept()
        threading.Thread(target=echo, args=(connection,), daemon=True).start()

def echo(connection):
    with connection:
        while data := connection.recv(65536):
            connection.sendall(data)

threading.Thread(target=serve, daemon=True).start()

notify_path = os.path.join(directory, "notify.sock")
notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
notify.bind(notify_path)
notify_option = [] if os.environ.get("NOTIFY") == "0" else ["-E", f"NOTIFY_SOCKET={notify_path}"]

def drain_notifications():
    while notify.recv(4096):
        pass

threading.Thread(target=drain_notifications, daemon=True).start()

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

results = []
for run in range(runs):
    port = free_port()
    proxy = subprocess.Popen(["systemd-socket-activate", "-l", f"127.0.0.1:{port}",
                              "-E", f"LAUNCH_PROGRAM_SOCKET_PATH={path}", *notify_option, "java", *jvm, "-jar", JAR, "-"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 10
        while True:
            try:
                client = socket.create_connection(("127.0.0.1", port))
                break
            except ConnectionRefusedError:
                if time.time() > deadline:
                    raise
                time.sleep(0.01)
        start = time.perf_counter()
        client.sendall(b"x")
        client.settimeout(30)
        assert client.recv(1) == b"x"
        elapsed = (time.perf_counter() - start) * 1000
        client.close()
        results.append(elapsed)
        print(f"run {run + 1}: {elapsed:.0f} ms", flush=True)
    finally:
        proxy.send_signal(signal.SIGTERM)
        proxy.wait(timeout=30)
print(f"median activation -> first forwarded byte: {statistics.median(results):.0f} ms over {runs} runs "
      f"(load average {os.getloadavg()[0]:.1f}, JVM options {' '.join(jvm)})")
