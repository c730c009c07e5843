package io.socketactivation.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A plain HTTP client for tests, with bounded timeouts.
 *
 * @author socket-activation contributors
 */
public final class Http {

	private static final HttpClient CLIENT = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(10))
		.version(HttpClient.Version.HTTP_1_1)
		.build();

	private Http() {
	}

	/**
	 * GET a path over a Unix socket with a plain HTTP/1.1 request ({@code HttpClient} has
	 * no Unix sockets) and return the raw response.
	 * @param socket the socket path
	 * @param path the request path
	 * @param timeout the timeout for the whole exchange
	 * @return the response: status line, headers and body
	 * @throws IOException on failure
	 */
	public static String getUnix(Path socket, String path, Duration timeout) throws IOException {
		return get(UnixDomainSocketAddress.of(socket), new byte[0], path, timeout);
	}

	/**
	 * GET a path on a new connection (TCP or Unix socket) that first sends the given
	 * bytes (a PROXY protocol header, say), with a plain HTTP/1.1 request that closes the
	 * connection, and return the raw response: empty when the server closed the
	 * connection without one.
	 * @param address the server address
	 * @param preamble the bytes to send before the request
	 * @param path the request path
	 * @param timeout the timeout for the whole exchange
	 * @return the response: status line, headers and body
	 * @throws IOException on failure, or when the server sends no complete response in
	 * time
	 */
	public static String get(SocketAddress address, byte[] preamble, String path, Duration timeout) throws IOException {
		try (SocketChannel channel = SocketChannel.open(address)) {
			String request = "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
			ByteBuffer out = ByteBuffer.allocate(preamble.length + request.length())
				.put(preamble)
				.put(request.getBytes(StandardCharsets.US_ASCII))
				.flip();
			while (out.hasRemaining()) {
				channel.write(out);
			}
			ByteArrayOutputStream response = new ByteArrayOutputStream();
			ByteBuffer buffer = ByteBuffer.allocate(8192);
			long deadline = System.nanoTime() + timeout.toNanos();
			channel.configureBlocking(false);
			try (Selector selector = Selector.open()) {
				channel.register(selector, SelectionKey.OP_READ);
				while (System.nanoTime() < deadline) {
					selector.select(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
					selector.selectedKeys().clear();
					int read;
					try {
						read = channel.read(buffer);
					}
					catch (IOException ex) {
						// a reset after the response, or instead of one
						read = -1;
					}
					if (read < 0) {
						return response.toString(StandardCharsets.UTF_8);
					}
					response.write(buffer.array(), 0, buffer.position());
					buffer.clear();
				}
			}
			throw new IOException("No complete response from " + address + " within " + timeout + ": " + response);
		}
	}

	/**
	 * GET a path on a new TCP connection that the request closes ({@code Connection:
	 * close}), so that every request goes through the server's accept. Returns the status
	 * code, or throws on any refused, reset or incomplete exchange.
	 * @param address the server address
	 * @param path the request path
	 * @param timeout the timeout for the whole exchange
	 * @return the HTTP status code
	 * @throws IOException on any failure
	 */
	public static int getOnNewConnection(InetSocketAddress address, String path, Duration timeout) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(address, (int) timeout.toMillis());
			socket.setSoTimeout((int) timeout.toMillis());
			String request = "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
			socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
			String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!response.startsWith("HTTP/1.1 ") || !response.contains("\r\n\r\n")) {
				throw new IOException("Incomplete response: '" + response + "'");
			}
			return Integer.parseInt(response.substring(9, 12));
		}
	}

	/**
	 * GET an https URL over HTTP/2 when the server offers it, trusting any certificate.
	 * @param url the URL
	 * @param timeout the timeout
	 * @return the response
	 * @throws Exception on failure
	 */
	public static HttpResponse<String> getHttp2Insecure(String url, Duration timeout) throws Exception {
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, new TrustManager[] { new TrustEverything() }, null);
		HttpClient client = HttpClient.newBuilder()
			.sslContext(context)
			.version(HttpClient.Version.HTTP_2)
			.connectTimeout(Duration.ofSeconds(10))
			.build();
		HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build();
		return client.send(request, HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * GET a URL, waiting at most the given time for the whole response.
	 * @param url the URL
	 * @param timeout the timeout
	 * @return the response
	 * @throws IOException on failure
	 * @throws InterruptedException if interrupted
	 */
	public static HttpResponse<String> get(String url, Duration timeout) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build();
		return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * Trusts any server certificate: tests only.
	 */
	private static final class TrustEverything extends X509ExtendedTrustManager {

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType) {
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType) {
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
		}

		@Override
		public X509Certificate[] getAcceptedIssuers() {
			return new X509Certificate[0];
		}

	}

}
