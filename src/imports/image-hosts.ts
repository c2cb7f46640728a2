/**
 * The hosts featured images may be fetched from during an import (`--allow-host`). An entry is
 * a host name (`images.example.com`: any port) or a host and port (`127.0.0.1:8080`: that port
 * only); matching is exact, so `example.com` does not allow `cdn.example.com`.
 */
export type AllowedImageHosts = ReadonlySet<string>;

const HOST_ENTRY = /^(?:\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*)(?::\d{1,5})?$/;

/** Lower-cases and checks `--allow-host` values; throws with the offending value when one is not a host. */
export function parseAllowedImageHosts(values: readonly string[]): AllowedImageHosts {
  const hosts = new Set<string>();
  for (const raw of values) {
    const value = raw.trim().toLowerCase();
    if (!HOST_ENTRY.test(value)) throw new Error(`--allow-host "${raw}" is not a host name or host:port (no scheme, path or wildcard)`);
    hosts.add(value);
  }
  return hosts;
}

/** True when `url`'s host (with its port, when it names one) is on the list. */
export function isAllowedImageHost(url: URL, allowed: AllowedImageHosts): boolean {
  const hostname = url.hostname.toLowerCase();
  return allowed.has(hostname) || (url.port !== '' && allowed.has(`${hostname}:${url.port}`));
}
