/**
 * Which addresses a desktop may sync with. The device secret, the staff password and the residents'
 * snapshot travel to the hub, so they never go unencrypted over a network: a hub is reached over
 * https://, except on this machine itself (the demo hub, a hub for tests), where plain http:// to a
 * loopback host (127.0.0.0/8, ::1, localhost) never leaves the machine.
 */

/** A host name (as the WHATWG URL parser writes it) that only this machine answers for. */
export function isLoopbackHost(hostname: string): boolean {
  const name = hostname.toLowerCase();
  // The URL parser writes every IPv4 form (127.1, 2130706433, 0x7f000001) as four decimal parts.
  return name === 'localhost' || name === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/u.test(name);
}

/** url: not an address; url_scheme: neither http:// nor https://; https_required: plain http:// to another machine. */
export type HubAddressProblem = 'url' | 'url_scheme' | 'https_required';

/** What is wrong with `text` as the address of a hub, or null when the desktop may sync with it. */
export function hubAddressProblem(text: string): HubAddressProblem | null {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return 'url';
  }
  if (url.protocol === 'https:') return null;
  if (url.protocol !== 'http:') return 'url_scheme';
  return isLoopbackHost(url.hostname) ? null : 'https_required';
}
