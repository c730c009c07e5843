#!/usr/bin/env python3
"""Hands file descriptors to a program the way a service manager does, including the
broken ways systemd-socket-activate cannot produce. Test support only.

usage: fdlauncher.py [--fd SPEC]... [--env NAME=VALUE]... [--unset NAME]... [--no-listen-pid]
                     [--hold] -- program [args...]

SPEC (one per fd, placed at 3, 4, ... in order):
  tcp:HOST:PORT    listening TCP socket (HOST may be [::1]; PORT 0 = kernel picks)
  unix:PATH        listening Unix socket at PATH
  dgram:HOST:PORT  bound UDP socket
  connected        a connected TCP socket (what Accept=yes hands over)
  unbound          a TCP socket that was never bound nor listening (port 0)
  file:PATH        a regular file opened for reading
  pipe             the read end of a pipe
  closed           nothing: the fd number is left closed

By default LISTEN_PID is this process's pid (kept by exec) and LISTEN_FDS the number of
SPECs, as systemd sets them; --env overrides or adds, --unset removes.

--stdin SPEC places a socket on fd 0 instead (inetd "wait", StandardInput=socket; no
LISTEN_* unless --fd is given too); --stdout-is-stdin puts it on fd 1 as well, as
systemd's default StandardOutput=inherit does.

--hold keeps the sockets and starts the program once per line "start" read on stdin, as
a service manager does on restarts, printing "started PID" and "exited PID STATUS".
"""
import os
import socket
import sys
import threading

FIRST_FD = 3


def parse_host_port(text):
    host, _, port = text.rpartition(":")
    if host.startswith("["):
        return socket.AF_INET6, host[1:-1], int(port)
    return socket.AF_INET, host, int(port)


def make_fd(spec, keep):
    kind, _, arg = spec.partition(":")
    if kind == "tcp":
        family, host, port = parse_host_port(arg)
        s = socket.socket(family, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if family == socket.AF_INET6:
            s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        s.bind((host, port))
        s.listen(128)
    elif kind == "unix":
        if os.path.exists(arg):
            os.unlink(arg)
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.bind(arg)
        s.listen(128)
    elif kind == "dgram":
        family, host, port = parse_host_port(arg)
        s = socket.socket(family, socket.SOCK_DGRAM)
        s.bind((host, port))
    elif kind == "connected":
        server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        s = socket.create_connection(server.getsockname())
        keep.append(server.accept()[0])
        keep.append(server)
    elif kind == "unbound":
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    elif kind == "file":
        return os.open(arg, os.O_RDONLY)
    elif kind == "pipe":
        read_end, write_end = os.pipe()
        keep.append(write_end)
        return read_end
    elif kind == "closed":
        return None
    else:
        sys.exit("fdlauncher: unknown fd spec " + spec)
    keep.append(s)
    return s.fileno()


def place_fds(sources):
    """dup2 every source to 3, 4, ... (via high numbers, so no source is clobbered)."""
    parked = []
    for index, fd in enumerate(sources):
        if fd is None:
            parked.append(None)
        else:
            os.dup2(fd, 200 + index, inheritable=True)
            parked.append(200 + index)
    for index, fd in enumerate(parked):
        target = FIRST_FD + index
        if fd is None:
            try:
                os.close(target)
            except OSError:
                pass
        else:
            os.dup2(fd, target, inheritable=True)
            os.close(fd)


def environment(count, env_pairs, unset, listen_pid):
    env = dict(os.environ)
    for name in ("LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES", "LISTEN_PIDFDID"):
        env.pop(name, None)
    if count > 0:
        if listen_pid:
            env["LISTEN_PID"] = str(os.getpid())
        env["LISTEN_FDS"] = str(count)
    for pair in env_pairs:
        name, _, value = pair.partition("=")
        env[name] = value
    for name in unset:
        env.pop(name, None)
    return env


def main(argv):
    specs, env_pairs, unset, listen_pid, hold = [], [], [], True, False
    stdin_spec, stdout_is_stdin = None, False
    i = 0
    while i < len(argv) and argv[i] != "--":
        option = argv[i]
        if option == "--fd":
            specs.append(argv[i + 1])
            i += 2
        elif option == "--env":
            env_pairs.append(argv[i + 1])
            i += 2
        elif option == "--unset":
            unset.append(argv[i + 1])
            i += 2
        elif option == "--no-listen-pid":
            listen_pid = False
            i += 1
        elif option == "--hold":
            hold = True
            i += 1
        elif option == "--stdin":
            stdin_spec = argv[i + 1]
            i += 2
        elif option == "--stdout-is-stdin":
            stdout_is_stdin = True
            i += 1
        else:
            sys.exit("fdlauncher: unknown option " + option)
    program = argv[i + 1:]
    if not program:
        sys.exit(__doc__)
    keep = []
    sources = [make_fd(spec, keep) for spec in specs]
    if stdin_spec is not None:
        stdin_fd = make_fd(stdin_spec, keep)
        os.dup2(stdin_fd, 0, inheritable=True)
        if stdout_is_stdin:
            os.dup2(stdin_fd, 1, inheritable=True)
    if not hold:
        place_fds(sources)
        os.execvpe(program[0], program, environment(len(specs), env_pairs, unset, listen_pid))
    # holder: keep the sockets, start an instance per "start" line
    children = {}

    def reap(pid):
        _, status = os.waitpid(pid, 0)
        print("exited %d %d" % (pid, os.waitstatus_to_exitcode(status)), flush=True)

    for line in sys.stdin:
        if line.strip() != "start":
            continue
        pid = os.fork()
        if pid == 0:
            place_fds(sources)
            os.execvpe(program[0], program, environment(len(specs), env_pairs, unset, listen_pid))
        print("started %d" % pid, flush=True)
        children[pid] = threading.Thread(target=reap, args=(pid,), daemon=True)
        children[pid].start()
    for thread in children.values():
        thread.join(timeout=30)


if __name__ == "__main__":
    main(sys.argv[1:])
