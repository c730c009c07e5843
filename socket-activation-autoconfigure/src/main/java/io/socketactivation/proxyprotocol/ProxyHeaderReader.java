package io.socketactivation.proxyprotocol;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * Reads the PROXY protocol header at the start of a connection, from a blocking or a
 * non-blocking channel, and never a byte past it: what follows stays in the socket for
 * the server. One reader per connection; call {@link #read(ReadableByteChannel)} again
 * whenever the channel is readable until it returns the header.
 *
 * @author socket-activation contributors
 */
public final class ProxyHeaderReader {

	private byte[] bytes = new byte[64];

	private int length;

	/**
	 * Read what the channel has of the header.
	 * @param channel the connection
	 * @return the header once it is complete, or {@code null} when a non-blocking channel
	 * has no more bytes for now
	 * @throws InvalidProxyHeaderException if the connection does not start with a valid
	 * header
	 * @throws EOFException if the connection ends before the header does
	 * @throws IOException if reading fails
	 */
	public @Nullable ProxyHeader read(ReadableByteChannel channel) throws IOException {
		while (true) {
			int missing = ProxyHeaderDecoder.missingBytes(this.bytes, this.length);
			if (missing == 0) {
				return ProxyHeaderDecoder.decode(this.bytes, this.length);
			}
			if (this.length + missing > this.bytes.length) {
				this.bytes = Arrays.copyOf(this.bytes, this.length + missing);
			}
			int read = channel.read(ByteBuffer.wrap(this.bytes, this.length, missing));
			if (read < 0) {
				throw new EOFException((this.length == 0) ? "The connection ended before a PROXY protocol header"
						: "The connection ended after " + this.length + " bytes of a PROXY protocol header");
			}
			if (read == 0) {
				return null;
			}
			this.length += read;
		}
	}

	/**
	 * Return how many bytes were read so far.
	 * @return the number of bytes
	 */
	public int bytesRead() {
		return this.length;
	}

}
