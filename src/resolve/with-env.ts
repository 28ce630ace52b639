/** `${env}` in a manifest path or reference → the environment being checked. */
export function withEnv(s: string, env: string): string {
  return s.replace(/\$\{env\}/g, env);
}
