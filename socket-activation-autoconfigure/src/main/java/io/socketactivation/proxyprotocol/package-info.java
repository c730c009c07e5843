/**
 * The PROXY protocol (HAProxy's proxy-protocol.txt, versions 1 and 2) on the receiving
 * side: which sockets require the header, and reading and decoding it.
 */
@NullMarked
package io.socketactivation.proxyprotocol;

import org.jspecify.annotations.NullMarked;
