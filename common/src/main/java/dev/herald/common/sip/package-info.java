/** JAIN-SIP (NIST RI) stack creation and its logging bridge to SLF4J. */
package dev.herald.common.sip;
