package io.netty.channel.epoll;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoHandle;
import io.netty.channel.IoRegistration;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.Socket;

/**
 * A measurement spike, not part of proxy-app: TCP to Unix socket forwarding on Netty 4.2's
 * epoll event loops through {@link IoHandle}s registered directly, without Netty's channels,
 * pipelines or promises. It answers one question: how much of proxy-app's CPU per
 * {@code Connection: close} connection is Netty's channel machinery. It has none of
 * proxy-app's limits, timeouts, retries, metrics or PROXY header, and binds its own
 * non-blocking listener (systemd-socket-activate hands over a blocking one, and setting
 * O_NONBLOCK needs a native call Netty does not offer). In this package only for
 * {@code LinuxSocket.setTcpCork}, which is package-private.
 *
 * <p>
 * Run by {@code bench/compare.py --only "channel-free spike"} (see docs/performance.md):
 * {@code java -cp ... io.netty.channel.epoll.RawForward BACKEND_SOCKET LOOPS PORT}.
 */
public final class RawForward {

	static final int ET_IN = EpollIoOps.EPOLLIN.with(EpollIoOps.EPOLLET).with(EpollIoOps.EPOLLRDHUP).value();

	static final int ET_INOUT = EpollIoOps.EPOLLIN.with(EpollIoOps.EPOLLOUT)
		.with(EpollIoOps.EPOLLET)
		.with(EpollIoOps.EPOLLRDHUP)
		.value();

	static DomainSocketAddress backend;

	static final boolean DEBUG = Boolean.getBoolean("spike.debug");

	public static void main(String[] args) throws Exception {
		backend = new DomainSocketAddress(args[0]);
		int loops = Integer.parseInt(args.length > 1 ? args[1] : "2");
		MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(loops, EpollIoHandler.newFactory());
		// the spike binds its own non-blocking listener (systemd-socket-activate hands over a blocking one)
		LinuxSocket listen = LinuxSocket.newSocketStream(false);
		listen.setReuseAddress(true);
		listen.bind(new java.net.InetSocketAddress("127.0.0.1", Integer.parseInt(args[2])));
		listen.listen(4096);
		for (int i = 0; i < loops; i++) {
			IoEventLoop loop = (IoEventLoop) group.next();
			loop.execute(() -> {
				Acceptor acceptor = new Acceptor(loop, listen);
				IoRegistration reg = loop.register(acceptor).syncUninterruptibly().getNow();
				reg.submit(EpollIoOps.valueOf(EpollIoOps.EPOLLIN.with(EpollIoOps.EPOLLET).value()));
			});
		}
		System.err.println("channel-free spike on 127.0.0.1:" + args[2] + " -> " + args[0] + ", " + loops + " loops");
		Thread.currentThread().join();
	}

	static final class Buffers {

		final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();

		ByteBuffer get() {
			ByteBuffer b = this.free.poll();
			return (b != null) ? b : ByteBuffer.allocateDirect(16384);
		}

		void put(ByteBuffer b) {
			b.clear();
			this.free.push(b);
		}

	}

	static final class Acceptor implements EpollIoHandle {

		final IoEventLoop loop;

		final LinuxSocket listen;

		final byte[] address = new byte[26];

		final Buffers buffers = new Buffers();

		Acceptor(IoEventLoop loop, LinuxSocket listen) {
			this.loop = loop;
			this.listen = listen;
		}

		@Override
		public FileDescriptor fd() {
			return this.listen;
		}

		@Override
		public void handle(IoRegistration registration, IoEvent ioEvent) {
			// edge-triggered: accept until the queue is empty
			while (true) {
				int fd;
				try {
					fd = this.listen.accept(this.address);
				}
				catch (Exception ex) {
					return;
				}
				if (fd < 0) {
					return;
				}
				new Conn(this.loop, this.buffers, LinuxSocket.newSocket(fd)).start();
			}
		}

		@Override
		public void close() {
		}

	}

	/** One direction's buffer: bytes [pos, lim) wait to be written. */
	static final class Pipe {

		ByteBuffer buf;

		int pos;

		int lim;

		boolean eof;

		boolean shut;

		boolean corked;

		boolean waitingOut;

	}

	static final class Conn {

		final IoEventLoop loop;

		final Buffers buffers;

		final LinuxSocket client;

		Socket server;

		IoRegistration clientReg;

		IoRegistration serverReg;

		final Pipe up = new Pipe();

		final Pipe down = new Pipe();

		boolean closed;

		Conn(IoEventLoop loop, Buffers buffers, LinuxSocket client) {
			this.loop = loop;
			this.buffers = buffers;
			this.client = client;
		}

		void start() {
			try {
				this.client.setTcpNoDelay(true);
				this.server = Socket.newSocketDomain();
				boolean connected = this.server.connect(backend);
				this.clientReg = this.loop.register(new Side(this, true)).getNow();
				this.serverReg = this.loop.register(new Side(this, false)).getNow();
				// output interest only while bytes wait to be written (edge-triggered)
				this.clientReg.submit(EpollIoOps.valueOf(ET_IN));
				this.serverReg.submit(EpollIoOps.valueOf(connected ? ET_IN : ET_INOUT));
			}
			catch (Exception ex) {
				if (DEBUG) {
					ex.printStackTrace();
				}
				close();
			}
		}

		void event(boolean clientSide, IoEvent event) {
			if (this.closed) {
				return;
			}
			EpollIoOps ops = ((EpollIoEvent) event).ops();
			boolean readable = (ops.value() & ~EpollIoOps.EPOLLOUT.value()) != 0;
			boolean writable = ops.contains(EpollIoOps.EPOLLOUT);
			try {
				if (clientSide) {
					if (readable) {
						pump(this.up, this.client, this.server, this.serverReg, false);
					}
					if (writable) {
						pump(this.down, this.server, this.client, this.clientReg, true);
					}
				}
				else {
					if (readable) {
						pump(this.down, this.server, this.client, this.clientReg, true);
					}
					if (writable) {
						pump(this.up, this.client, this.server, this.serverReg, false);
					}
				}
				if (this.up.shut && this.down.shut) {
					close();
				}
			}
			catch (Exception ex) {
				if (DEBUG) {
					ex.printStackTrace();
				}
				close();
			}
		}

		/** Move what src has to dst until EAGAIN on either side. */
		void pump(Pipe p, Socket src, Socket dst, IoRegistration dstReg, boolean toClient) throws Exception {
			while (!p.shut) {
				if (p.pos < p.lim) {
					int n = dst.write(p.buf, p.pos, p.lim);
					if (n == 0) {
						if (!p.waitingOut) {
							p.waitingOut = true;
							dstReg.submit(EpollIoOps.valueOf(ET_INOUT));
						}
						return;
					}
					if (p.waitingOut) {
						p.waitingOut = false;
						dstReg.submit(EpollIoOps.valueOf(ET_IN));
					}
					p.pos += n;
					if (p.pos < p.lim) {
						continue;
					}
					p.pos = 0;
					p.lim = 0;
				}
				if (p.eof) {
					dst.shutdown(false, true);
					if (p.corked) {
						((LinuxSocket) dst).setTcpCork(false);
						p.corked = false;
					}
					p.shut = true;
					releaseIfIdle(p);
					return;
				}
				if (p.buf == null) {
					p.buf = this.buffers.get();
				}
				int n = src.read(p.buf, 0, p.buf.capacity());
				if (n == 0) {
					if (p.corked) {
						((LinuxSocket) dst).setTcpCork(false);
						p.corked = false;
					}
					releaseIfIdle(p);
					return;
				}
				if (n < 0) {
					p.eof = true;
					continue;
				}
				p.lim = n;
				if (toClient && n < p.buf.capacity()) {
					// the last bytes with the FIN, when the end follows at once
					((LinuxSocket) dst).setTcpCork(true);
					p.corked = true;
				}
			}
		}

		void releaseIfIdle(Pipe p) {
			if (p.buf != null && p.pos == p.lim) {
				this.buffers.put(p.buf);
				p.buf = null;
			}
		}

		void close() {
			if (this.closed) {
				return;
			}
			this.closed = true;
			try {
				if (this.clientReg != null) {
					this.clientReg.cancel();
				}
				if (this.serverReg != null) {
					this.serverReg.cancel();
				}
				this.client.close();
				if (this.server != null) {
					this.server.close();
				}
			}
			catch (Exception ex) {
				// spike
			}
			releaseIfIdle(this.up);
			releaseIfIdle(this.down);
		}

	}

	static final class Side implements EpollIoHandle {

		final Conn conn;

		final boolean client;

		Side(Conn conn, boolean client) {
			this.conn = conn;
			this.client = client;
		}

		@Override
		public FileDescriptor fd() {
			return this.client ? this.conn.client : this.conn.server;
		}

		@Override
		public void handle(IoRegistration registration, IoEvent ioEvent) {
			this.conn.event(this.client, ioEvent);
		}

		@Override
		public void close() {
		}

	}

}
