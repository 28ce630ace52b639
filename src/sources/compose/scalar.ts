/**
 * What docker compose makes of an unquoted YAML scalar in a string field such as `environment:`:
 * compose-go resolves it with go-yaml's rules (YAML 1.2 booleans only, but Go's integer syntax:
 * `0755` is octal, `1_000` is 1000) and prints it with Go's fmt. So `FILE_MODE: 0755` reaches the
 * container as `493`, `VERSION: 1.10` as `1.1`, and `ENABLED: on` stays `on`.
 * Checked against the YAML reader corpus (test/conformance/yaml-corpus.json).
 */

const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);
const TRUE = new Set(['true', 'True', 'TRUE']);
const FALSE = new Set(['false', 'False', 'FALSE']);
const INT = /^[-+]?(?:0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const INT64 = { min: -(2n ** 63n), max: 2n ** 64n - 1n };
const DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const STAMP = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[Tt]|[ \t]+)(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d+))?(?:(Z)|([-+])(\d{1,2}):(\d{2}))?$/;

/** The string compose passes for a plain scalar written as `source`; null: no value (pass-through). */
export function composePlainScalar(source: string): string | null {
  if (NULLS.has(source)) return null;
  if (TRUE.has(source)) return 'true';
  if (FALSE.has(source)) return 'false';
  const special = /^([-+]?)\.(inf|Inf|INF)$/.exec(source);
  if (special) return special[1] === '-' ? '-Inf' : '+Inf';
  if (/^\.(nan|NaN|NAN)$/.test(source)) return 'NaN';
  const plain = source.replace(/_/g, '');
  if (INT.test(plain)) {
    const n = goInt(plain);
    if (n !== undefined && n >= INT64.min && n <= INT64.max) return n.toString();
  }
  if (FLOAT.test(plain)) return goFloat(Number(plain));
  return timestamp(source) ?? source;
}

/** Go's strconv.ParseInt(s, 0, 64): 0x, 0o, 0b prefixes and a leading 0 for octal. */
function goInt(s: string): bigint | undefined {
  const neg = s.startsWith('-');
  const body = s.replace(/^[-+]/, '');
  let digits = body;
  let base = 10;
  if (/^0[xX]/.test(body)) [base, digits] = [16, body.slice(2)];
  else if (/^0[oO]/.test(body)) [base, digits] = [8, body.slice(2)];
  else if (/^0[bB]/.test(body)) [base, digits] = [2, body.slice(2)];
  else if (body.length > 1 && body.startsWith('0')) [base, digits] = [8, body.slice(1)];
  let n = 0n;
  for (const c of digits) n = n * BigInt(base) + BigInt(parseInt(c, base));
  return neg ? -n : n;
}

/** Go's fmt.Sprint(float64): the shortest form, an exponent (two digits at least) below 1e-4 and from 1e21. */
function goFloat(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (!Number.isFinite(f)) return f > 0 ? '+Inf' : '-Inf';
  const abs = Math.abs(f);
  const text = abs !== 0 && (abs < 1e-4 || abs >= 1e21) ? f.toExponential() : String(f);
  return text.replace(/e([-+])(\d)$/, 'e$10$2');
}

/** go-yaml timestamps, printed as Go's time.Time prints them. */
function timestamp(s: string): string | undefined {
  const d = DATE.exec(s);
  if (d) return `${d[1]}-${pad(d[2]!)}-${pad(d[3]!)} 00:00:00 +0000 UTC`;
  const t = STAMP.exec(s);
  if (!t) return undefined;
  const [, y, mo, da, h, mi, se, frac, , sign, oh, om] = t;
  const fraction = frac ? `.${frac.replace(/0+$/, '')}`.replace(/^\.$/, '') : '';
  const clock = `${y}-${pad(mo!)}-${pad(da!)} ${pad(h!)}:${pad(mi!)}:${pad(se!)}${fraction}`;
  if (sign) {
    const offset = `${sign}${pad(oh!)}${om}`;
    return `${clock} ${offset} ${offset}`;
  }
  return `${clock} +0000 UTC`;
}

function pad(n: string): string {
  return n.padStart(2, '0');
}
