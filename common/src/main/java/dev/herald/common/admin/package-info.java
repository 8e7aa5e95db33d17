/**
 * Who may use the admin port: bearer tokens with a role ({@link dev.herald.common.admin.AdminRole}),
 * kept hashed in a token file ({@link dev.herald.common.admin.AdminTokens}), checked on every request
 * ({@link dev.herald.common.admin.AdminAuth}).
 */
package dev.herald.common.admin;
