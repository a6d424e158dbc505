/**
 * Fetching input images from URLs a caller gives, without letting the caller reach the server's
 * own network (SSRF): {@link dev.backdrop.fetch.UrlFetcher} resolves each host once, checks every
 * address with {@link dev.backdrop.fetch.AddressPolicy} (unless the host is on the
 * {@link dev.backdrop.fetch.HostAllowList}) and connects only to the addresses it checked, also
 * after each redirect.
 */
package dev.backdrop.fetch;
