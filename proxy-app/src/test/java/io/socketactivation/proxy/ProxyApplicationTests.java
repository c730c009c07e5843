package io.socketactivation.proxy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProxyApplicationTests {

	@Test
	void noArgumentsPrintsUsageAndExitsWithOne() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int status = ProxyApplication.run(new String[0], new PrintStream(out, true, StandardCharsets.UTF_8));
		assertThat(status).isEqualTo(1);
		assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(ProxyApplication.USAGE + System.lineSeparator());
	}

}
