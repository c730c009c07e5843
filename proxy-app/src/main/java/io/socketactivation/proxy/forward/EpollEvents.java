package io.socketactivation.proxy.forward;

import io.netty.channel.Channel;
import io.netty.channel.IoEvent;
import io.netty.channel.IoHandle;
import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoEvent;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.epoll.EpollStreamHandles;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.UnixChannel;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.ThreadAwareExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What epoll reported for the channel whose event is being handled on this thread.
 * Netty's epoll handler acts on {@code EPOLLIN}, {@code EPOLLOUT}, {@code EPOLLRDHUP} and
 * {@code EPOLLERR}, and drops {@code EPOLLHUP}, which is how a Unix socket tells that its
 * peer closed the whole connection rather than only its output; and an {@code EPOLLRDHUP}
 * means that the channel's end of input is read while this same event is handled. A
 * decorator of Netty's handler records the fd and the events of each event while Netty's
 * own handler, unchanged, dispatches it, and reports an {@code EPOLLHUP} that comes
 * alone, which Netty would drop, to be reported again at every wait ({@link PeerHungUp}).
 *
 * @author socket-activation contributors
 */
final class EpollEvents {

	/**
	 * {@code EPOLLHUP} of {@code <sys/epoll.h>}, the same on every Linux architecture.
	 */
	private static final int EPOLLHUP = 0x010;

	private static final int EPOLLRDHUP = EpollIoOps.EPOLLRDHUP.value();

	/** The events Netty's epoll handler acts on; an event with none of them it drops. */
	private static final int HANDLED = EpollIoOps.EPOLLIN.value() | EpollIoOps.EPOLLOUT.value()
			| EpollIoOps.EPOLLERR.value() | EPOLLRDHUP;

	private static final Logger logger = LoggerFactory.getLogger(EpollEvents.class);

	private static final FastThreadLocal<EventInProgress> inProgress = new FastThreadLocal<>() {

		@Override
		protected EventInProgress initialValue() {
			return new EventInProgress();
		}

	};

	private EpollEvents() {
	}

	/**
	 * Return a factory of Netty epoll handlers that record each event while they dispatch
	 * it.
	 * @param epoll the factory of Netty's epoll handlers
	 * @return the recording factory
	 */
	static IoHandlerFactory recording(IoHandlerFactory epoll) {
		return new IoHandlerFactory() {

			@Override
			public IoHandler newHandler(ThreadAwareExecutor executor) {
				return new RecordingHandler(epoll.newHandler(executor));
			}

			@Override
			public boolean isChangingThreadSupported() {
				return epoll.isChangingThreadSupported();
			}

		};
	}

	/**
	 * Whether the event being handled is the channel's and reports that its peer hung up
	 * ({@code EPOLLHUP}): both directions are over, so nothing can be sent to it any
	 * more.
	 * @param channel the channel
	 * @return whether its peer hung up, as far as the event in progress tells
	 */
	static boolean hungUp(Channel channel) {
		return reports(channel, EPOLLHUP);
	}

	/**
	 * Whether the event being handled is the channel's and reports the end of its input
	 * ({@code EPOLLRDHUP} or {@code EPOLLHUP}): Netty then reads up to that end while it
	 * handles this event.
	 * @param channel the channel
	 * @return whether its end of input is read in this event
	 */
	static boolean inputEndsInThisEvent(Channel channel) {
		return reports(channel, EPOLLRDHUP | EPOLLHUP);
	}

	private static boolean reports(Channel channel, int events) {
		if (!(channel instanceof UnixChannel unix)) {
			return false;
		}
		EventInProgress event = inProgress.getIfExists();
		return event != null && event.fd == unix.fd().intValue() && (event.events & events) != 0;
	}

	/**
	 * The user event fired on a connected channel whose peer hung up after its input had
	 * ended, which Netty would not report.
	 */
	enum PeerHungUp {

		/** The event. */
		EVENT

	}

	/**
	 * The fd and events of the event being handled on a thread; {@code fd} is -1 between
	 * events.
	 */
	private static final class EventInProgress {

		private int fd = -1;

		private int events;

	}

	/**
	 * Netty's epoll handler, registering each handle behind a {@link RecordingHandle}.
	 */
	private static final class RecordingHandler implements IoHandler {

		private final IoHandler epoll;

		RecordingHandler(IoHandler epoll) {
			this.epoll = epoll;
		}

		@Override
		public void initialize() {
			this.epoll.initialize();
		}

		@Override
		public int run(IoHandlerContext context) {
			return this.epoll.run(context);
		}

		@Override
		public void prepareToDestroy() {
			this.epoll.prepareToDestroy();
		}

		@Override
		public void destroy() {
			this.epoll.destroy();
		}

		@Override
		public IoRegistration register(IoHandle handle) throws Exception {
			return this.epoll.register(new RecordingHandle((EpollIoHandle) handle));
		}

		@Override
		public void wakeup() {
			this.epoll.wakeup();
		}

		@Override
		public boolean isCompatible(Class<? extends IoHandle> handleType) {
			return this.epoll.isCompatible(handleType);
		}

	}

	/**
	 * A handle that records each of its events while the handle it decorates handles it.
	 */
	@SuppressWarnings("try") // close() is IoHandle's, and delegated as it is declared
	private static final class RecordingHandle implements EpollIoHandle {

		private final EpollIoHandle handle;

		RecordingHandle(EpollIoHandle handle) {
			this.handle = handle;
		}

		@Override
		public FileDescriptor fd() {
			return this.handle.fd();
		}

		@Override
		public void handle(IoRegistration registration, IoEvent event) {
			EventInProgress inProgress = EpollEvents.inProgress.get();
			int events = ((EpollIoEvent) event).ops().value();
			inProgress.fd = this.handle.fd().intValue();
			inProgress.events = events;
			try {
				this.handle.handle(registration, event);
			}
			finally {
				inProgress.fd = -1;
			}
			if ((events & EPOLLHUP) != 0 && (events & HANDLED) == 0) {
				peerHungUp();
			}
		}

		/**
		 * Tell the connection of a channel whose peer hung up after its input had ended
		 * (a Unix client's close after its half-close): Netty drops an {@code EPOLLHUP}
		 * that comes alone, and epoll reports it at every wait until the fd is closed,
		 * which would spin the event loop for as long as the other side takes (a backend
		 * still starting, or still working on the request). Only a connected channel
		 * whose input has ended: an input still open would have been reported with it
		 * ({@code EPOLLRDHUP}), and a TCP socket not connected yet (its backend's name
		 * being looked up) reports {@code EPOLLHUP} too. The connection closes that side
		 * ({@link PeerHungUp}); a channel no connection closed is closed here.
		 */
		private void peerHungUp() {
			Channel channel = EpollStreamHandles.streamChannel(this.handle);
			if (channel instanceof DuplexChannel duplex && duplex.isActive() && duplex.isInputShutdown()) {
				logger.debug("{}: its peer hung up (EPOLLHUP)", channel);
				channel.pipeline().fireUserEventTriggered(PeerHungUp.EVENT);
				if (channel.isOpen()) {
					channel.close();
				}
			}
		}

		@Override
		public void registered() {
			this.handle.registered();
		}

		@Override
		public void unregistered() {
			this.handle.unregistered();
		}

		@Override
		public void close() throws Exception {
			this.handle.close();
		}

	}

}
