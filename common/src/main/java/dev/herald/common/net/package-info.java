/** Limits on the connections a listener accepts, per source address and in all. */
package dev.herald.common.net;
