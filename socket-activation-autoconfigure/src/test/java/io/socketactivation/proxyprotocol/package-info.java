/**
 * Tests of the PROXY protocol decoding.
 */
@NullMarked
package io.socketactivation.proxyprotocol;

import org.jspecify.annotations.NullMarked;
