/** The bench only ever talks to its own stacks on this machine; anything else is a bug, not a target. */
export function assertLoopback(url: string): string {
  const host = new URL(url).hostname;
  if (host !== '127.0.0.1' && host !== 'localhost' && host !== '[::1]') {
    throw new Error(`the bench refuses to send traffic to ${host}: only 127.0.0.1 is allowed`);
  }
  return url;
}
