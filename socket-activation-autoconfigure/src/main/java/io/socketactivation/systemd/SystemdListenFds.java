package io.socketactivation.systemd;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;

import org.jspecify.annotations.Nullable;

import io.socketactivation.ActivationEnvironment;
import io.socketactivation.InheritedFd;
import io.socketactivation.SocketActivationException;
import io.socketactivation.SocketSource;

/**
 * Reads the systemd socket activation variables exactly as libsystemd's
 * {@code sd_listen_fds_with_names()} does, and removes them from the environment whatever
 * the outcome, so that no child process inherits them.
 * <ul>
 * <li>{@code LISTEN_PID} absent or not this process: not activated. Unparsable: an
 * error.</li>
 * <li>{@code LISTEN_PIDFDID} set and this process's pidfd id readable and different: not
 * activated. Unparsable: an error.</li>
 * <li>{@code LISTEN_FDS} absent: not activated. Unparsable, zero or overflowing: an
 * error. The fds are 3 to 3 + n - 1.</li>
 * <li>{@code LISTEN_FDNAMES}: colon-separated, empty entries kept; a count other than
 * {@code LISTEN_FDS} is an error. Absent: every fd is named {@code unknown}.</li>
 * </ul>
 *
 * @author socket-activation contributors
 */
public final class SystemdListenFds {

	/** The pid the sockets are meant for. */
	public static final String LISTEN_PID = "LISTEN_PID";

	/** The pidfd inode id the sockets are meant for (systemd 258+). */
	public static final String LISTEN_PIDFDID = "LISTEN_PIDFDID";

	/** The number of fds handed over. */
	public static final String LISTEN_FDS = "LISTEN_FDS";

	/** The colon-separated names of the fds. */
	public static final String LISTEN_FDNAMES = "LISTEN_FDNAMES";

	/** All variables of the protocol, which a child process must never inherit. */
	public static final List<String> VARIABLES = List.of(LISTEN_PID, LISTEN_PIDFDID, LISTEN_FDS, LISTEN_FDNAMES);

	/** The first fd handed over ({@code SD_LISTEN_FDS_START}). */
	public static final int FIRST_FD = 3;

	/**
	 * The most fds taken from {@code LISTEN_FDS}: Linux's default ceiling on a process's
	 * open fds ({@code fs.nr_open}, 1048576) is far above what any socket unit passes,
	 * and a larger count would only fill the heap before the first fd found closed.
	 */
	static final int MAX_FDS = 65536;

	/** The name of an fd that the service manager did not name. */
	public static final String UNNAMED = "unknown";

	private static final String WRAPPER_HINT = "If a wrapper script starts the JVM, it must 'exec java ...' so the JVM "
			+ "keeps the pid systemd set LISTEN_PID to.";

	private SystemdListenFds() {
	}

	/**
	 * Read the variables and remove them from the environment.
	 * @param environment the environment to read
	 * @return the fds handed over, or why the process is not activated
	 * @throws SocketActivationException if a variable is malformed
	 */
	public static SystemdActivation read(ActivationEnvironment environment) {
		try {
			return parse(environment);
		}
		finally {
			environment.unset(VARIABLES.toArray(String[]::new));
		}
	}

	private static SystemdActivation parse(ActivationEnvironment environment) {
		String pidValue = environment.get(LISTEN_PID);
		if (pidValue == null) {
			return notActivated("LISTEN_PID is not set");
		}
		long pid = parseNumber(LISTEN_PID, pidValue, "the decimal process id of the service");
		if (pid <= 0 || pid > Integer.MAX_VALUE) {
			throw malformed(LISTEN_PID, pidValue, "the decimal process id of the service");
		}
		if (pid != environment.pid()) {
			return notActivated("LISTEN_PID=" + pid + " names another process (this one is " + environment.pid() + "). "
					+ WRAPPER_HINT);
		}
		String pidfdIdValue = environment.get(LISTEN_PIDFDID);
		if (pidfdIdValue != null) {
			long expected = parseNumber(LISTEN_PIDFDID, pidfdIdValue, "the decimal pidfd inode id of the service");
			OptionalLong own = environment.pidfdId();
			if (own.isPresent() && own.getAsLong() != expected) {
				return notActivated("LISTEN_PIDFDID=" + pidfdIdValue + " names another process (this one's is "
						+ Long.toUnsignedString(own.getAsLong()) + "). " + WRAPPER_HINT);
			}
		}
		String countValue = environment.get(LISTEN_FDS);
		if (countValue == null) {
			return notActivated("LISTEN_PID is this process but LISTEN_FDS is not set");
		}
		long count = parseNumber(LISTEN_FDS, countValue, "the decimal number of fds passed, at least 1");
		if (count <= 0 || count > Integer.MAX_VALUE - FIRST_FD) {
			throw malformed(LISTEN_FDS, countValue, "the decimal number of fds passed, at least 1");
		}
		if (count > MAX_FDS) {
			// fds 3 .. 3+count-1 cannot all be open; spare the heap a list of them
			throw new SocketActivationException(
					"LISTEN_FDS='" + countValue + "' is more fds than a process is handed (at most " + MAX_FDS + ").",
					"LISTEN_FDS is set by the service manager (systemd, systemd-socket-activate) for the process it "
							+ "starts; fix or remove whatever sets it to '" + countValue + "'.");
		}
		List<String> names = names(environment.get(LISTEN_FDNAMES), (int) count);
		List<InheritedFd> fds = new ArrayList<>(names.size());
		for (int i = 0; i < names.size(); i++) {
			fds.add(new InheritedFd(SocketSource.SYSTEMD, FIRST_FD + i, names.get(i)));
		}
		return new SystemdActivation(List.copyOf(fds), "LISTEN_FDS=" + count);
	}

	private static List<String> names(@Nullable String value, int count) {
		if (value == null) {
			return Collections.nCopies(count, UNNAMED);
		}
		List<String> names = List.of(value.split(":", -1));
		if (names.size() != count) {
			throw new SocketActivationException(
					"LISTEN_FDNAMES='" + value + "' has " + names.size() + " names but LISTEN_FDS=" + count + ".",
					"LISTEN_FDNAMES needs one colon-separated name per fd passed (empty names allowed); fix the "
							+ "launcher that sets it, or unset it to name every fd '" + UNNAMED + "'.");
		}
		return names;
	}

	private static long parseNumber(String variable, String value, String expectation) {
		if (value.isEmpty() || value.length() > 20 || !value.chars().allMatch((c) -> c >= '0' && c <= '9')) {
			throw malformed(variable, value, expectation);
		}
		try {
			// unsigned, as LISTEN_PIDFDID is a u64; callers range-check signed values
			return Long.parseUnsignedLong(value);
		}
		catch (NumberFormatException ex) {
			throw malformed(variable, value, expectation);
		}
	}

	private static SocketActivationException malformed(String variable, String value, String expectation) {
		return new SocketActivationException(
				variable + "='" + value + "' is malformed: it must be " + expectation + ".",
				variable + " is set by the service manager (systemd, systemd-socket-activate) for the process it "
						+ "starts; fix or remove whatever sets it to '" + value + "'.");
	}

	private static SystemdActivation notActivated(String reason) {
		return new SystemdActivation(List.of(), reason);
	}

}
