package io.socketactivation.proxy.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A blocking TCP client on loopback with bounded timeouts.
 *
 * @author socket-activation contributors
 */
public final class Client implements AutoCloseable {

	private final Socket socket;

	private Client(Socket socket) {
		this.socket = socket;
	}

	/**
	 * Connect to a loopback port.
	 * @param port the port
	 * @param readTimeout how long a read may block
	 * @return the client
	 * @throws IOException on failure
	 */
	public static Client connect(int port, Duration readTimeout) throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
		socket.setSoTimeout((int) readTimeout.toMillis());
		return new Client(socket);
	}

	/**
	 * Send bytes, half-close, and read everything until the end of input.
	 * @param port the port
	 * @param request what to send
	 * @param timeout how long a read may block
	 * @return what came back
	 * @throws IOException on failure
	 */
	public static String exchange(int port, String request, Duration timeout) throws IOException {
		try (Client client = connect(port, timeout)) {
			client.send(request);
			client.halfClose();
			return client.readToEnd();
		}
	}

	/**
	 * Return the local port of the connection.
	 * @return the port
	 */
	public int localPort() {
		return this.socket.getLocalPort();
	}

	/**
	 * Send text.
	 * @param text the text
	 * @throws IOException on failure
	 */
	public void send(String text) throws IOException {
		send(text.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Send bytes.
	 * @param bytes the bytes
	 * @throws IOException on failure
	 */
	public void send(byte[] bytes) throws IOException {
		this.socket.getOutputStream().write(bytes);
		this.socket.getOutputStream().flush();
	}

	/**
	 * Shut down the output: the peer sees the end of input.
	 * @throws IOException on failure
	 */
	public void halfClose() throws IOException {
		this.socket.shutdownOutput();
	}

	/**
	 * Read exactly the given number of bytes.
	 * @param length how many
	 * @return the text
	 * @throws IOException on failure or end of input first
	 */
	public String read(int length) throws IOException {
		byte[] bytes = this.socket.getInputStream().readNBytes(length);
		if (bytes.length < length) {
			throw new IOException("end of input after " + bytes.length + " of " + length + " bytes");
		}
		return new String(bytes, StandardCharsets.ISO_8859_1);
	}

	/**
	 * Read everything until the end of input.
	 * @return the text (ISO-8859-1, so binary survives)
	 * @throws IOException on failure
	 */
	public String readToEnd() throws IOException {
		return new String(this.socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
	}

	/**
	 * Read everything until the end of input, slowly: nothing for the first 500 ms, then
	 * a pause after each read of up to 16 KiB, so that what the peer sends piles up on
	 * its way here.
	 * @param pause the pause after each read
	 * @return the bytes
	 * @throws IOException on failure
	 * @throws InterruptedException if interrupted
	 */
	public byte[] readToEndSlowly(Duration pause) throws IOException, InterruptedException {
		InputStream input = this.socket.getInputStream();
		ByteArrayOutputStream read = new ByteArrayOutputStream();
		byte[] chunk = new byte[16 * 1024];
		int count;
		Thread.sleep(500);
		while ((count = input.read(chunk)) >= 0) {
			read.write(chunk, 0, count);
			Thread.sleep(pause.toMillis());
		}
		return read.toByteArray();
	}

	/**
	 * Whether the peer closed the connection (end of input or reset) within the read
	 * timeout, without sending anything.
	 * @return {@code true} if closed, {@code false} if the read timed out
	 * @throws IOException if a byte arrived
	 */
	public boolean isClosedByPeer() throws IOException {
		InputStream in = this.socket.getInputStream();
		try {
			int read = in.read();
			if (read >= 0) {
				throw new IOException("unexpected byte " + read);
			}
			return true;
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		catch (IOException ex) {
			return ex.getMessage() != null && ex.getMessage().contains("reset");
		}
	}

	/**
	 * Close abruptly: the peer gets a reset.
	 * @throws IOException on failure
	 */
	public void reset() throws IOException {
		this.socket.setSoLinger(true, 0);
		this.socket.close();
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}
