package io.socketactivation.launchd;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.socketactivation.InheritedFd;
import io.socketactivation.SocketActivationException;
import io.socketactivation.SocketSource;

/**
 * Asks launchd for the sockets of each configured name of the plist's {@code Sockets}
 * dictionary and turns the answers into fds to verify and adopt.
 * <ul>
 * <li>Every name is asked, in order; every fd of every name that launchd answers for is
 * served (one name can carry IPv4 and IPv6 sockets).</li>
 * <li>{@code ESRCH} for every name: not started by launchd (some launchd versions answer
 * {@code ESRCH} for an unknown name too, so one {@code ESRCH} does not stop the
 * search).</li>
 * <li>{@code ENOENT}: the name is not in the plist; when no name yields sockets the
 * reason names every name tried.</li>
 * <li>{@code EALREADY} with no earlier answer in this process: another caller took the
 * sockets (other code in this process, or proxy-app or launch_socket_server in front of
 * it, whose child this process is); the reason says so and the next source is tried.</li>
 * <li>Any other error: start-up fails, naming the socket and the error.</li>
 * </ul>
 *
 * @author socket-activation contributors
 */
public final class LaunchdSockets {

	private LaunchdSockets() {
	}

	/**
	 * Ask launchd for the sockets of the given names.
	 * @param launchd launchd
	 * @param names the names to ask for, in order
	 * @return the fds handed over, or why there are none
	 * @throws SocketActivationException if launchd answers with an error other than
	 * {@code ESRCH}, {@code ENOENT} and {@code EALREADY}
	 */
	public static LaunchdActivation read(Launchd launchd, List<String> names) {
		List<LaunchdAnswer> answers = new ArrayList<>(names.size());
		for (String name : names) {
			LaunchdAnswer answer = launchd.activateSocket(name);
			if (answer.outcome() == LaunchdAnswer.Outcome.UNAVAILABLE) {
				return new LaunchdActivation(List.of(), "launchd is not available: " + answer.detail(), false);
			}
			failOnError(answer);
			answers.add(answer);
		}
		List<InheritedFd> fds = new ArrayList<>();
		List<String> handedOver = new ArrayList<>();
		for (LaunchdAnswer answer : answers) {
			if (answer.outcome() == LaunchdAnswer.Outcome.ACTIVATED && !answer.fds().isEmpty()) {
				answer.fds().forEach((fd) -> fds.add(new InheritedFd(SocketSource.LAUNCHD, fd, answer.name())));
				handedOver.add("'" + answer.name() + "' (" + count(answer.fds().size()) + ")");
			}
		}
		if (!fds.isEmpty()) {
			return new LaunchdActivation(fds, "launchd Sockets " + String.join(", ", handedOver), true);
		}
		return new LaunchdActivation(List.of(), notActivated(answers, names), true);
	}

	private static String notActivated(List<LaunchdAnswer> answers, List<String> names) {
		String tried = names.stream().collect(Collectors.joining(", "));
		List<String> taken = answers.stream()
			.filter((answer) -> answer.outcome() == LaunchdAnswer.Outcome.ALREADY_ACTIVATED)
			.map(LaunchdAnswer::name)
			.toList();
		if (!taken.isEmpty()) {
			return "launchd answered EALREADY for " + String.join(", ", taken) + ": another caller took "
					+ "those sockets first (other code in this process, or a proxy such as proxy-app whose child "
					+ "this process is)";
		}
		boolean underLaunchd = answers.stream()
			.anyMatch((answer) -> answer.outcome() != LaunchdAnswer.Outcome.NOT_MANAGED);
		if (underLaunchd) {
			return "started by launchd, but its plist's Sockets has none of the names tried (" + tried
					+ "; set socket-activation.launchd.names to the plist's socket name)";
		}
		return "not started by launchd (launch_activate_socket answered ESRCH for " + tried + ")";
	}

	private static void failOnError(LaunchdAnswer answer) {
		if (answer.outcome() == LaunchdAnswer.Outcome.FAILED) {
			throw new SocketActivationException(
					"launch_activate_socket(\"" + answer.name() + "\") failed with " + answer.detail() + ".",
					"Check the Sockets entry '" + answer.name() + "' of the job's plist (launchctl print "
							+ "gui/$UID/<label> or system/<label> shows what launchd made of it), or remove the name "
							+ "from socket-activation.launchd.names.");
		}
	}

	private static String count(int fds) {
		return fds + ((fds != 1) ? " fds" : " fd");
	}

}
