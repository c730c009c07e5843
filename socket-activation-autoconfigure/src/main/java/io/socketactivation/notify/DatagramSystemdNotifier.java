package io.socketactivation.notify;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.newsclub.net.unix.AFSocket;
import org.newsclub.net.unix.AFSocketCapability;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * A {@link SystemdNotifier} sending Unix datagrams to {@code NOTIFY_SOCKET} through
 * junixsocket (the JDK has no Unix datagram sockets, JDK-8297837). One unbound channel is
 * opened per notification, as libsystemd does, so nothing stays open between them.
 *
 * @author socket-activation contributors
 */
public class DatagramSystemdNotifier implements SystemdNotifier {

	private static final Log logger = LogFactory.getLog(DatagramSystemdNotifier.class);

	private final AFUNIXSocketAddress address;

	private final String description;

	/**
	 * Create a notifier.
	 * @param address the notification socket
	 * @param description the value of {@code NOTIFY_SOCKET}, for logs
	 */
	public DatagramSystemdNotifier(AFUNIXSocketAddress address, String description) {
		this.address = address;
		this.description = description;
	}

	@Override
	public void notify(String... assignments) {
		String message = String.join("\n", assignments);
		try (AFUNIXDatagramChannel channel = AFUNIXDatagramChannel.open()) {
			channel.send(ByteBuffer.wrap(message.getBytes(StandardCharsets.UTF_8)), this.address);
			if (logger.isDebugEnabled()) {
				logger.debug("Notified " + this.description + ": " + message.replace('\n', ' '));
			}
		}
		catch (IOException ex) {
			logger.warn("Cannot notify the service manager on NOTIFY_SOCKET=" + this.description + " ("
					+ message.replace('\n', ' ') + "): " + ex.getMessage());
		}
	}

	/**
	 * Whether this platform's junixsocket can send Unix datagrams.
	 * @return {@code true} when supported
	 */
	public static boolean isSupported() {
		return AFSocket.supports(AFSocketCapability.CAPABILITY_UNIX_DATAGRAMS);
	}

}
