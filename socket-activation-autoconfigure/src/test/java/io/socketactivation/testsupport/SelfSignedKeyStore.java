package io.socketactivation.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PKCS12 key store with a self-signed certificate for localhost, made with the running
 * JDK's keytool.
 *
 * @author socket-activation contributors
 */
public final class SelfSignedKeyStore {

	/** The key store and key password. */
	public static final String PASSWORD = "changeit";

	private SelfSignedKeyStore() {
	}

	/**
	 * Create a key store in a new temporary directory.
	 * @return its path
	 * @throws IOException on failure
	 * @throws InterruptedException if interrupted
	 */
	public static Path create() throws IOException, InterruptedException {
		Path keyStore = Files.createTempDirectory("tls").resolve("keystore.p12");
		String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
		Process process = new ProcessBuilder(List.of(keytool, "-genkeypair", "-alias", "server", "-keyalg", "EC",
				"-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
				"-validity", "2", "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", PASSWORD,
				"-keypass", PASSWORD))
			.redirectErrorStream(true)
			.start();
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IOException("keytool did not finish");
		}
		String output = new String(process.getInputStream().readAllBytes());
		if (process.exitValue() != 0) {
			throw new IOException("keytool failed: " + output);
		}
		return keyStore;
	}

}
