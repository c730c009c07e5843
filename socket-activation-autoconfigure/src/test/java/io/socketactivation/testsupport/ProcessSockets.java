package io.socketactivation.testsupport;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The sockets a process holds, as Linux's {@code /proc} shows them: its fds on a loopback
 * TCP listener, with their mode.
 *
 * @author socket-activation contributors
 */
public final class ProcessSockets {

	private static final int O_NONBLOCK = 04000;

	private final long pid;

	private ProcessSockets(long pid) {
		this.pid = pid;
	}

	/**
	 * Look at the sockets of a process.
	 * @param pid the process
	 * @return its sockets
	 */
	public static ProcessSockets of(long pid) {
		return new ProcessSockets(pid);
	}

	/**
	 * Return the process's fds on the TCP socket listening on a port, each with whether
	 * it is in non-blocking mode.
	 * @param port the port
	 * @return fd number to non-blocking
	 * @throws IOException if {@code /proc} cannot be read
	 */
	public Map<Integer, Boolean> listenerFds(int port) throws IOException {
		String local = String.format(Locale.ROOT, ":%04X", port);
		List<String> inodes = new ArrayList<>();
		for (String line : Files.readAllLines(Path.of("/proc/net/tcp"))) {
			String[] fields = line.trim().split("\\s+");
			// local_address rem_address st ... inode; 0A is LISTEN
			if (fields.length > 9 && fields[1].endsWith(local) && fields[3].equals("0A")) {
				inodes.add(fields[9]);
			}
		}
		Map<Integer, Boolean> fds = new HashMap<>();
		for (Map.Entry<Integer, String> fd : socketInodes().entrySet()) {
			if (inodes.contains(fd.getValue())) {
				fds.put(fd.getKey(), isNonBlocking(fd.getKey()));
			}
		}
		return fds;
	}

	/**
	 * Return whether the process holds an fd on the established TCP connection between a
	 * local port and a client's port: whether it accepted that client's connection.
	 * @param port the port the process serves
	 * @param clientPort the client's port
	 * @return whether the process holds the accepted connection
	 * @throws IOException if {@code /proc} cannot be read
	 */
	public boolean holdsConnection(int port, int clientPort) throws IOException {
		String local = String.format(Locale.ROOT, ":%04X", port);
		String remote = String.format(Locale.ROOT, ":%04X", clientPort);
		List<String> inodes = new ArrayList<>();
		for (String line : Files.readAllLines(Path.of("/proc/net/tcp"))) {
			String[] fields = line.trim().split("\\s+");
			// 01 is ESTABLISHED
			if (fields.length > 9 && fields[1].endsWith(local) && fields[2].endsWith(remote)
					&& fields[3].equals("01")) {
				inodes.add(fields[9]);
			}
		}
		return socketInodes().values().stream().anyMatch(inodes::contains);
	}

	private Map<Integer, String> socketInodes() throws IOException {
		Map<Integer, String> inodes = new HashMap<>();
		try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(this.pid), "fd"))) {
			for (Path fd : fds) {
				try {
					String target = Files.readSymbolicLink(fd).toString();
					if (target.startsWith("socket:[")) {
						inodes.put(Integer.parseInt(fd.getFileName().toString()),
								target.substring("socket:[".length(), target.length() - 1));
					}
				}
				catch (IOException ex) {
					// closed while listed
				}
			}
		}
		return inodes;
	}

	private boolean isNonBlocking(int fd) throws IOException {
		for (String line : Files
			.readAllLines(Path.of("/proc", Long.toString(this.pid), "fdinfo", Integer.toString(fd)))) {
			if (line.startsWith("flags:")) {
				return (Integer.parseInt(line.substring("flags:".length()).trim(), 8) & O_NONBLOCK) != 0;
			}
		}
		throw new IOException("No flags in /proc/" + this.pid + "/fdinfo/" + fd);
	}

}
