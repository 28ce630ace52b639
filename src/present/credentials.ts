/**
 * Credentials embedded in ordinary-looking values: URL userinfo, secret query parameters and the
 * password fields of key=value connection strings (ADO.NET, JDBC, libpq, Redis). Each form is
 * parsed, not guessed at with one pattern: a password may hold `/`, `@`, `:` or `;`.
 */

const MASK = '****';

/** Query parameters and connection-string keys whose value is a credential. */
const SECRET_KEYS = new Set([
  'password',
  'passwd',
  'pass',
  'pwd',
  'token',
  'access_token',
  'accesstoken',
  'auth',
  'auth_token',
  'api_key',
  'apikey',
  'api-key',
  'secret',
  'client_secret',
  'sig',
  'signature',
  'x-amz-signature',
  'x-amz-security-token',
  'sharedaccesssignature',
  'accountkey',
  'sharedaccesskey',
  'requirepass',
  'masterauth',
  'key',
  'private_key',
  'sslpassword',
  'trustStorePassword'.toLowerCase(),
  'keystorepassword',
  '_authtoken',
  'authtoken',
  '_auth',
  '_password',
]);

/** Masks every credential form found in `value`; other text is kept as written. */
export function maskCredentials(value: string): string {
  return maskConnectionString(maskUrls(value));
}

// `scheme://` starts a URL; it ends at whitespace, a quote or an angle bracket.
const URL_START = /[A-Za-z][A-Za-z0-9+.-]*:\/\//g;
const URL_END = /[\s"'<>`]/;
// What may follow the `@` that ends userinfo: a host (name, IPv4, [IPv6]) and an optional port.
const HOST_AFTER = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._~%-]+)(?::\d*)?(?=$|[/?#,;])/;

function maskUrls(value: string): string {
  let out = '';
  let last = 0;
  URL_START.lastIndex = 0;
  for (let m = URL_START.exec(value); m; m = URL_START.exec(value)) {
    const start = m.index + m[0].length;
    let end = start;
    while (end < value.length && !URL_END.test(value[end]!)) end++;
    out += value.slice(last, start) + maskUrlRest(value.slice(start, end));
    last = end;
    URL_START.lastIndex = Math.max(end, start);
  }
  return out + value.slice(last);
}

/** `user:pass@host/path?query` (after `scheme://`) with the credentials masked. */
function maskUrlRest(rest: string): string {
  // Userinfo ends at the last `@` that is followed by a host: a password may hold `@` and `/`.
  let at = -1;
  for (let i = rest.lastIndexOf('@'); i >= 0; i = rest.lastIndexOf('@', i - 1)) {
    // A `/` in userinfo can only be in a password (`user:pa/ss@`); otherwise the `@` is in the
    // path (`https://registry/@scope/pkg`).
    const slash = rest.indexOf('/');
    const colon = rest.indexOf(':');
    const plausible = slash < 0 || slash > i || (colon >= 0 && colon < slash);
    if (plausible && HOST_AFTER.test(rest.slice(i + 1))) {
      at = i;
      break;
    }
    if (i === 0) break;
  }
  let head = '';
  let tail = rest;
  if (at >= 0) {
    const userinfo = rest.slice(0, at);
    const colon = userinfo.indexOf(':');
    // `user:password@` keeps the user; a lone token (`TOKEN@host`) is all credential.
    head = `${colon >= 0 ? `${userinfo.slice(0, colon)}:${MASK}` : MASK}@`;
    tail = rest.slice(at + 1);
  }
  return head + maskQuery(tail);
}

function maskQuery(s: string): string {
  const q = s.indexOf('?');
  if (q < 0) return s;
  const hash = s.indexOf('#', q);
  const query = s.slice(q + 1, hash < 0 ? undefined : hash);
  const masked = query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      return isSecretKey(pair.slice(0, eq)) ? `${pair.slice(0, eq + 1)}${MASK}` : pair;
    })
    .join('&');
  return s.slice(0, q + 1) + masked + (hash < 0 ? '' : s.slice(hash));
}

function isSecretKey(raw: string): boolean {
  let k = raw;
  try {
    k = decodeURIComponent(raw);
  } catch {
    // a malformed escape: judge the raw key
  }
  k = k.trim().toLowerCase().replace(/\s+/g, '');
  return SECRET_KEYS.has(k) || /(^|[_.-])(password|passwd|pwd|secret|token)$/.test(k);
}

/**
 * `Server=x;Password=p;` (ADO.NET, `;`-separated), `host=x password='p q'` (libpq, spaces,
 * single quotes with backslash escapes), `requirepass p` (redis.conf). A value in `{…}` or
 * quotes may hold the separator.
 */
function maskConnectionString(value: string): string {
  let out = '';
  let i = 0;
  while (i < value.length) {
    const m = /([A-Za-z_][A-Za-z0-9_ .-]*?)(\s*=\s*|\s+)/y;
    // A key starts a word, a `-D` or `--` flag (`-Dspring.datasource.password=…`, `--password p`)
    // or an npmrc scope (`//registry/:_authToken=…`).
    const prev = i === 0 ? '' : value[i - 1]!;
    const flag = prev === '-';
    const wordStart =
      i === 0 ||
      /[\s;&,?(:]/.test(prev) ||
      (flag && (i < 2 || /[\s-]/.test(value[i - 2]!) || value[i - 2] === undefined)) ||
      (prev === 'D' && value[i - 2] === '-');
    m.lastIndex = i;
    const k = wordStart ? m.exec(value) : null;
    const spaced = k ? k[2]!.trim() === '' : false;
    if (!k || !isSecretKey(k[1]!) || (spaced && !/^(requirepass|masterauth)$/i.test(k[1]!.trim()) && !flag)) {
      out += value[i];
      i++;
      continue;
    }
    const vStart = i + k[0].length;
    const vEnd = valueEnd(value, vStart);
    if (vEnd === vStart) {
      out += value.slice(i, vStart);
      i = vStart;
      continue;
    }
    out += value.slice(i, vStart) + MASK;
    i = vEnd;
  }
  return out;
}

function valueEnd(s: string, start: number): number {
  const open = s[start];
  const close = open === "'" ? "'" : open === '"' ? '"' : open === '{' ? '}' : undefined;
  if (close) {
    for (let j = start + 1; j < s.length; j++) {
      if (s[j] === '\\' && close === "'") j++;
      else if (s[j] === close) {
        // ADO.NET doubles the quote to escape it.
        if (s[j + 1] === close && close !== '}') j++;
        else return j + 1;
      }
    }
    return s.length;
  }
  let j = start;
  while (j < s.length && !/[;\s&,)]/.test(s[j]!)) j++;
  return j;
}
