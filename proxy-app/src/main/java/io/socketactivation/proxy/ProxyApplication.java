package io.socketactivation.proxy;

import java.io.PrintStream;

/**
 * Entry point of proxy-app, keeping launch_socket_server's command line:
 * {@code proxy-app <program> [args...]} or {@code proxy-app -}. The forwarding itself is
 * not built yet: this stage only holds the contract of the command line.
 *
 * @author socket-activation contributors
 */
public final class ProxyApplication {

	static final String USAGE = "usage: proxy-app <program> [args...] | proxy-app -";

	private ProxyApplication() {
	}

	public static void main(String[] args) {
		System.exit(run(args, System.err));
	}

	static int run(String[] args, PrintStream err) {
		if (args.length < 1) {
			err.println(USAGE); // checkstyle:ignore systemOut
			return 1;
		}
		err.println("proxy-app: forwarding is not implemented yet"); // checkstyle:ignore
																		// systemOut
		return 2;
	}

}
