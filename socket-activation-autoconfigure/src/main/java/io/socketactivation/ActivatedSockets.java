package io.socketactivation;

import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The listening sockets a process was handed, in the order the service manager passed
 * them. Select by name or by family, never by position: systemd's order across units is
 * undefined.
 *
 * @author socket-activation contributors
 */
public final class ActivatedSockets implements Iterable<ActivatedSocket> {

	private final List<ActivatedSocket> sockets;

	private final String summary;

	private final List<InheritedFd> leftAlone;

	private ActivatedSockets(List<ActivatedSocket> sockets, String summary, List<InheritedFd> leftAlone) {
		this.sockets = List.copyOf(sockets);
		this.summary = summary;
		this.leftAlone = List.copyOf(leftAlone);
	}

	/**
	 * Return an empty result: the process was not socket-activated.
	 * @param reason why not, for logs and error messages
	 * @return the empty result
	 */
	public static ActivatedSockets none(String reason) {
		return new ActivatedSockets(List.of(), reason, List.of());
	}

	/**
	 * Return a result holding the given sockets.
	 * @param sockets the sockets
	 * @param summary what the service manager said, e.g. {@code LISTEN_FDS=2}
	 * @return the result
	 */
	public static ActivatedSockets of(List<ActivatedSocket> sockets, String summary) {
		return new ActivatedSockets(sockets, summary, List.of());
	}

	/**
	 * Return a result holding the given sockets, and the fds handed over with them that
	 * were not selected.
	 * @param sockets the sockets
	 * @param summary what the service manager said, e.g. {@code LISTEN_FDS=2}
	 * @param leftAlone the fds left alone (see
	 * {@link ActivationSettings#withSocketNames(java.util.Collection)})
	 * @return the result
	 */
	public static ActivatedSockets of(List<ActivatedSocket> sockets, String summary, List<InheritedFd> leftAlone) {
		return new ActivatedSockets(sockets, summary, leftAlone);
	}

	/**
	 * Return what the environment said: a summary of what was handed over, or why the
	 * process is not socket-activated.
	 * @return the summary
	 */
	public String summary() {
		return this.summary;
	}

	/**
	 * Whether no socket was handed over, or none was selected.
	 * @return {@code true} when there is no socket to serve
	 * @see #leftAlone()
	 */
	public boolean isEmpty() {
		return this.sockets.isEmpty();
	}

	/**
	 * Return the fds handed over that were not selected by name, and so were neither
	 * checked nor adopted: they are still open, as the service manager passed them.
	 * @return the fds, in the order they were handed over; empty when every fd was
	 * selected or the process was not activated
	 */
	public List<InheritedFd> leftAlone() {
		return this.leftAlone;
	}

	/**
	 * Return the number of sockets.
	 * @return the size
	 */
	public int size() {
		return this.sockets.size();
	}

	/**
	 * Return all sockets, in the order they were handed over.
	 * @return the sockets
	 */
	public List<ActivatedSocket> asList() {
		return this.sockets;
	}

	/**
	 * Return the sockets with the given name.
	 * @param name the name ({@code FileDescriptorName=} in systemd)
	 * @return the matching sockets, possibly empty
	 */
	public List<ActivatedSocket> named(String name) {
		return this.sockets.stream().filter((socket) -> socket.name().equals(name)).toList();
	}

	/**
	 * Return a stream of the sockets.
	 * @return the stream
	 */
	public Stream<ActivatedSocket> stream() {
		return this.sockets.stream();
	}

	@Override
	public Iterator<ActivatedSocket> iterator() {
		return this.sockets.iterator();
	}

	@Override
	public String toString() {
		return this.sockets.toString();
	}

}
