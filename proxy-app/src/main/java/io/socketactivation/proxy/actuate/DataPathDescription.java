package io.socketactivation.proxy.actuate;

import java.util.List;

/**
 * What the data path runs with, as chosen at start-up, where the settings may say
 * {@code auto} or nothing: shown by the {@code proxy} endpoint.
 *
 * @param transport the transport in use ({@code epoll}, {@code io_uring}, {@code kqueue}
 * or {@code nio})
 * @param eventLoops the number of event loops forwarding
 * @param listeners the sockets forwarded, described
 * @author socket-activation contributors
 */
public record DataPathDescription(String transport, int eventLoops, List<String> listeners) {

}
