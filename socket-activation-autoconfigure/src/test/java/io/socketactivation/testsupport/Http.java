package io.socketactivation.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

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

}
