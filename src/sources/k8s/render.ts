import { spawnSync } from 'node:child_process';

/** `missing`: no renderer, or it could not reach a remote base or chart: the source was not rendered, not wrong. */
export type RenderResult = { ok: true; text: string; tool: string } | { ok: false; missing: boolean; message: string };

const UNREACHABLE =
  /dial tcp|no such host|connection refused|network is unreachable|i\/o timeout|TLS handshake|could not resolve host|failed to fetch|unable to fetch/i;

/** The renderers tried for each source, in order: the first on PATH is used. */
const RENDERERS = {
  kustomize: [
    ['kubectl', ['kustomize']],
    ['kustomize', ['build']],
  ],
  helm: [['helm', ['template']]],
} as const;

const MAX_OUTPUT = 64 * 1024 * 1024;

/**
 * Renders a Kustomize overlay (`kubectl kustomize`, else `kustomize build`) or a Helm chart
 * (`helm template`). A renderer's error text can quote the files it read (secrets among them),
 * so a failure is summarised in our words, never passed on.
 */
export function render(what: 'kustomize' | 'helm', args: string[], cwd: string, timeoutMs = 60_000): RenderResult {
  for (const [cmd, pre] of RENDERERS[what]) {
    const r = spawnSync(cmd, [...pre, ...args], {
      cwd,
      encoding: 'utf8',
      timeout: timeoutMs,
      maxBuffer: MAX_OUTPUT,
      env: { ...process.env, HELM_NO_PLUGINS: '1' },
    });
    const err = r.error as NodeJS.ErrnoException | undefined;
    if (err?.code === 'ENOENT') continue;
    if (err) return { ok: false, missing: false, message: `${cmd} ${pre.join(' ')} did not finish (${err.code ?? 'error'})` };
    if (r.status !== 0 && UNREACHABLE.test(r.stderr ?? ''))
      return { ok: false, missing: true, message: `${cmd} ${pre.join(' ')} could not reach a remote resource` };
    if (r.status !== 0) return { ok: false, missing: false, message: `${cmd} ${pre.join(' ')} failed with exit code ${r.status}${hint(r.stderr ?? '')}` };
    return { ok: true, text: r.stdout, tool: `${cmd} ${pre.join(' ')}` };
  }
  const tools = RENDERERS[what].map(([c, p]) => `${c} ${p.join(' ')}`).join(' or ');
  return { ok: false, missing: true, message: `${tools} is not on PATH` };
}

/** A category for a renderer's error, from words of the tool's own messages (never the file's). */
function hint(stderr: string): string {
  const known: [RegExp, string][] = [
    [/no such file or directory|does not exist|not found|unable to find/i, 'a file or resource it names is missing'],
    [/yaml|json|unmarshal|mapping values|did not find expected/i, 'a file it reads is not valid YAML'],
    [/cycle/i, 'the kustomizations refer to each other in a cycle'],
    [/conflict|already registered|may not add resource with an already registered id/i, 'two resources have the same identity'],
    [/template|parse error|function .* not defined/i, 'a template does not render'],
  ];
  const found = known.find(([re]) => re.test(stderr));
  return found ? `: ${found[1]}` : '';
}
