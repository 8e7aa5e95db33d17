/** Shared infrastructure for every Herald role: admin HTTP server, health checks, metrics and JSON. */
package dev.herald.common;
