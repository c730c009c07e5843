package io.socketactivation.nativeio;

import java.util.Locale;

/**
 * Socket constants and {@code struct sockaddr} layout, which differ between Linux and the
 * BSDs (macOS).
 *
 * @param name the platform name
 * @param solSocket {@code SOL_SOCKET}
 * @param soType {@code SO_TYPE}
 * @param soAcceptConn {@code SO_ACCEPTCONN}
 * @param afUnix {@code AF_UNIX}
 * @param afInet {@code AF_INET}
 * @param afInet6 {@code AF_INET6}
 * @param oNonBlock {@code O_NONBLOCK}
 * @param ebadf {@code EBADF}
 * @param enotsock {@code ENOTSOCK}
 * @param enotconn {@code ENOTCONN}
 * @param fDupFdCloexec {@code F_DUPFD_CLOEXEC}
 * @param lengthPrefixedSockaddr whether {@code struct sockaddr} starts with a length byte
 * (BSD) rather than a 16-bit family (Linux)
 * @author socket-activation contributors
 */
record Platform(String name, int solSocket, int soType, int soAcceptConn, int afUnix, int afInet, int afInet6,
		int oNonBlock, int ebadf, int enotsock, int enotconn, int fDupFdCloexec, boolean lengthPrefixedSockaddr) {

	static final int SOCK_STREAM = 1;

	static final int SOCK_DGRAM = 2;

	static final int SOCK_SEQPACKET = 5;

	static final int F_GETFD = 1;

	static final int F_SETFD = 2;

	static final int F_GETFL = 3;

	static final int F_SETFL = 4;

	static final int FD_CLOEXEC = 1;

	static final int O_RDWR = 2;

	/**
	 * Linux's {@code SIOCOUTQ} ({@code TIOCOUTQ}): the bytes a socket holds unsent or
	 * unacknowledged.
	 */
	static final int LINUX_SIOCOUTQ = 0x5411;

	/**
	 * macOS's {@code SO_NWRITE}: the bytes a socket holds that its peer has not taken.
	 */
	static final int MACOS_SO_NWRITE = 0x1024;

	static final Platform LINUX = new Platform("Linux", 1, 3, 30, 1, 2, 10, 0x800, 9, 88, 107, 1030, false);

	static final Platform MACOS = new Platform("macOS", 0xffff, 0x1008, 0x0002, 1, 2, 30, 0x0004, 9, 38, 57, 67, true);

	/**
	 * Return the constants of the running platform.
	 * @return the platform
	 * @throws UnsupportedOperationException on a platform without socket activation
	 */
	static Platform current() {
		String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
		if (os.contains("linux")) {
			return LINUX;
		}
		if (os.contains("mac") || os.contains("darwin")) {
			return MACOS;
		}
		throw new UnsupportedOperationException("Socket activation is supported on Linux and macOS, not on " + os);
	}

}
