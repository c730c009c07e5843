package io.socketactivation.proxy.forward;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.InetNameResolver;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Promise;

/**
 * Resolves a TCP backend's host name through the JDK's resolver (and so the system's:
 * {@code /etc/hosts}, {@code nsswitch}, its cache) on threads of its own, never on an
 * event loop: Netty's default resolver looks a name up there, blocking every connection
 * of that loop while a DNS server is slow. The lookups' results are handed back to the
 * event loop that asked.
 *
 * @author socket-activation contributors
 */
final class OffLoopResolverGroup extends AddressResolverGroup<InetSocketAddress> {

	/** At most this many lookups run at once; the others wait in turn. */
	private static final int LOOKUP_THREADS = 4;

	private final HostLookup lookup;

	private final ThreadPoolExecutor lookups;

	OffLoopResolverGroup() {
		this(InetAddress::getAllByName);
	}

	OffLoopResolverGroup(HostLookup lookup) {
		this.lookup = lookup;
		this.lookups = new ThreadPoolExecutor(LOOKUP_THREADS, LOOKUP_THREADS, 60, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(), new DefaultThreadFactory("proxy-resolver", true));
		this.lookups.allowCoreThreadTimeOut(true);
	}

	@Override
	protected AddressResolver<InetSocketAddress> newResolver(EventExecutor executor) {
		return new InetNameResolver(executor) {

			@Override
			protected void doResolve(String host, Promise<InetAddress> promise) {
				lookUp(host, promise, (addresses) -> addresses[0]);
			}

			@Override
			protected void doResolveAll(String host, Promise<List<InetAddress>> promise) {
				lookUp(host, promise, Arrays::asList);
			}

		}.asAddressResolver();
	}

	private <T> void lookUp(String host, Promise<T> promise, Function<InetAddress[], T> result) {
		this.lookups.execute(() -> {
			try {
				promise.trySuccess(result.apply(this.lookup.allByName(host)));
			}
			catch (UnknownHostException | RuntimeException ex) {
				promise.tryFailure(ex);
			}
		});
	}

	@Override
	public void close() {
		super.close();
		this.lookups.shutdownNow();
	}

	/**
	 * How a host name is looked up: {@link InetAddress#getAllByName(String)}.
	 */
	@FunctionalInterface
	interface HostLookup {

		/**
		 * Return the addresses of a host.
		 * @param host the host name
		 * @return its addresses, at least one
		 * @throws UnknownHostException if it has none
		 */
		InetAddress[] allByName(String host) throws UnknownHostException;

	}

}
