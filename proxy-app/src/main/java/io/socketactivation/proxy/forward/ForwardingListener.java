package io.socketactivation.proxy.forward;

/**
 * Told about the lifecycle events of the data path.
 *
 * @author socket-activation contributors
 */
public interface ForwardingListener {

	/**
	 * The backend accepted a connection for the first time.
	 */
	default void backendReady() {
	}

	/**
	 * No connection was open or queued for the exit idle time.
	 */
	default void idle() {
	}

}
