package io.socketactivation.actuate;

import java.util.concurrent.atomic.AtomicLong;

import io.socketactivation.ActivatedSocket;

/**
 * Connection counts set by a test.
 *
 * @author socket-activation contributors
 */
final class TestListenerConnections implements ListenerConnections {

	private final ActivatedSocket socket;

	final AtomicLong accepted = new AtomicLong();

	final AtomicLong open = new AtomicLong();

	final AtomicLong refused = new AtomicLong();

	private final boolean proxyHeader;

	TestListenerConnections(ActivatedSocket socket) {
		this(socket, false);
	}

	TestListenerConnections(ActivatedSocket socket, boolean proxyHeader) {
		this.socket = socket;
		this.proxyHeader = proxyHeader;
	}

	@Override
	public ActivatedSocket socket() {
		return this.socket;
	}

	@Override
	public long acceptedConnections() {
		return this.accepted.get();
	}

	@Override
	public long openConnections() {
		return this.open.get();
	}

	@Override
	public boolean requiresProxyHeader() {
		return this.proxyHeader;
	}

	@Override
	public long refusedConnections() {
		return this.refused.get();
	}

}
