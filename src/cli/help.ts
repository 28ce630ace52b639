import { FORMATS } from '../report/index.js';

export const HELP = `concord — validate configuration consistency across services

Usage
  concord check [DIR] [options]             check one environment (the default command)
  concord explain SETTING [DIR] [options]   one setting across every service, link by link
  concord audit [DIR] [options]             every environment: an HTML report (or --format json)
  concord init [DIR] [--force]              write a commented concord.yaml from what is found in DIR
  concord chains [PATH...] [--format json]  every environment read in source code, with its fallbacks
  concord rules [RULE]                      every rule in a line, or one rule's documentation
  concord COMMAND --help                    options and examples of one command
  concord --version

Without a concord.yaml (in DIR, or found walking up), concord discovers the services from .env
folders, docker-compose files and Kubernetes manifests and applies rules/recommended.yaml.
Reports are for people, on a terminal or piped; --format json (or sarif, junit…) for machines.
Installed from npm as concord-cli: npm i -D concord-cli && npx concord check

Environment
  CONCORD_FINGERPRINT_KEY   key of the HMAC fingerprints; set it to compare fingerprints across runs
  NO_COLOR, FORCE_COLOR     colours off / on

Exit codes
  0  consistent (warnings allowed)   1  error-severity findings
  2  bad invocation, manifest or input file   3  could not finish (a secret, chart or overlay could not be read)
`;

export const COMMAND_HELP: Record<string, string> = {
  check: `concord check [DIR] [options]

Loads every service's configuration for one environment, resolves each setting through its
fallback chain, runs the rules and reports who disagrees, where each value came from and which
link of the chain it took. Secrets are shown as keyed fingerprints, never as values.

Options
  -e, --env NAME        environment to check (default: the manifest's first)
  -c, --config FILE     manifest file (default: concord.yaml in DIR, or found walking up)
  -f, --format FORMAT   ${FORMATS.join(' | ')} (default: pretty, piped or not; json with --output)
  -o, --output FILE     write the report to FILE; repeat both to write several:
                        --format json --output a.json --format sarif --output a.sarif --format github
      --max-warnings N  exit 1 when there are more than N warnings
      --baseline FILE   accept the findings of a previous JSON report while their values stay the same
      --now DATE        the day acceptances expire against (YYYY-MM-DD; default: today)
  -q, --quiet           report errors only, in every format (the summary still counts warnings)
      --verbose         show accepted findings in full, not one line each
      --offline         no network: compare secret references by identity
      --staged          pre-commit: check only what the files in git's index touch (offline)
      --changed [REF]   check only what differs from REF (default HEAD), untracked files included (offline)
      --timeout MS      per-call timeout of secret manager reads (default 10000)
      --concurrency N   secret manager calls in flight at once (default 8)
      --cache-dir DIR   keep the parsed manifest there (default: node_modules/.cache/concord); --no-cache: none
      --no-color        no colours
      --debug           show stack traces of unexpected errors

Examples
  concord check --env staging examples/platform
  concord check --format sarif --output concord.sarif --format github
  concord check --staged                       # in a pre-commit hook
  concord check --baseline concord-baseline.json --max-warnings 0
`,
  explain: `concord explain SETTING [DIR] [options]

Shows one setting across every service that defines it: each link of each chain, whether it is
set, which one was taken, every file that defines it (the overridden ones too) and the value's
fingerprint. The quickest answer to "why does backend get a different secret?".

Options
  -e, --env NAME        environment (default: the manifest's first)
  -c, --config FILE     manifest file
  -f, --format FORMAT   pretty | json (default: pretty)
      --timeout MS      per-call timeout of secret manager reads (default 10000)
      --offline         do not read secret managers

Examples
  concord explain jwt_secret --env staging examples/platform
`,
  audit: `concord audit [DIR] [options]

Checks every environment at once and writes one self-contained HTML page (no network, no
external assets): per environment a services × settings matrix where equal values share a colour
and the odd ones out stand out, the findings with file:line, and the secrets reused across
environments. --format json gives the same data.

Options
  -c, --config FILE     manifest file
  -f, --format FORMAT   html | json (default: html)
  -o, --output FILE     write the page to FILE (default: stdout)
      --link-base URL   link each file:line, e.g. https://github.com/ORG/REPO/blob/main/{path}#L{line}
      --now DATE        the day acceptances expire against (YYYY-MM-DD)
      --timeout MS      per-call timeout of secret manager reads (default 10000)
      --concurrency N   secret manager calls in flight at once (default 8)
      --offline         do not read secret managers

Examples
  concord audit examples/platform --output audit.html
`,
  chains: `concord chains [PATH...] [options]

Reads source code (Python, TypeScript/JavaScript, Go, Ruby) with tree-sitter and prints every
environment read with its fallback chain, in order: os.environ.get("A") or os.getenv("B", "x"),
process.env.A ?? process.env.B ?? 'x', cmp.Or(os.Getenv("A"), "x"), ENV.fetch("A") { "x" }…
A literal fallback of a secret-like variable is shown by its fingerprint and line, never its value.

Options
  -f, --format FORMAT   pretty | json (default: pretty)
      --cache-dir DIR   where parsed chains are kept by content hash (default: node_modules/.cache/concord)
      --no-cache        parse everything again

Examples
  concord chains services/e2e
  concord chains src --format json
`,
  rules: `concord rules [RULE] [options]

Without RULE, every rule with its default severity and what it checks, one line each. With RULE,
its documentation: what it checks and why, its options with types and defaults, a failing and a
passing example, how to fix a finding (the same text as docs/rules/RULE.md).

Options
  -f, --format FORMAT   pretty | json (default: pretty)

Examples
  concord rules
  concord rules port-match
`,
  init: `concord init [DIR] [--force]

Discovers the services of DIR (folders with .env files, docker-compose services, Kubernetes
containers) and writes a commented concord.yaml with the $schema line for editors. Settings are
proposed by matching values across services: the same secret under different names in different
services is one setting with several names (found by fingerprint, never by showing values).

Options
      --force           replace an existing concord.yaml

Examples
  concord init && concord check
`,
};
