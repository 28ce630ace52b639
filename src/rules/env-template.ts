import path from 'node:path';
import { parseDotenv } from '../sources/dotenv.js';
import { defineRule } from './define.js';
import { servicesInScope, type RuleContext } from './types.js';

const TEMPLATES = ['.env.example', '.env.sample', '.env.template', '.env.dist'];

/**
 * The variables a template (`.env.example`) lists are set for the service reading the dotenv
 * files beside it — from those files or from anywhere else it reads (compose `environment:`,
 * Kubernetes). A template is never an environment; a folder whose real files are absent (a fresh
 * clone) has nothing to compare and is left alone.
 */
export default defineRule({
  meta: {
    id: 'env-template',
    description:
      "Each variable a template beside a service's dotenv files lists (.env.example, .env.sample…) is set for that service; a template with no real file beside it is left alone.",
    severity: 'warning',
    options: {
      description: 'Options of the env-template rule: the variables a template (.env.example) lists are set for the service reading the files beside it.',
      properties: {
        templates: {
          type: 'array',
          minItems: 1,
          items: { type: 'string', minLength: 1 },
          description:
            'File names of templates, looked for in each folder the service reads a dotenv file from. Default: .env.example, .env.sample, .env.template, .env.dist.',
        },
      },
    },
    messages: {
      missing: '{{service}} does not set {{key}}, which {{template}} lists',
      unreadable: '{{template}} is not a dotenv file concord can read: the variables it lists were not compared',
    },
    docs: {
      what: `Each variable a template beside a service's dotenv files lists (\`.env.example\`, \`.env.sample\`, \`.env.template\`, \`.env.dist\`; option \`templates\`) is set for that service by one of the places it reads — its dotenv files, compose \`environment:\`/\`env_file\`, Kubernetes. A template stands for the file it is named after (\`.env.example\` for \`.env\`) and is judged only where the service really reads that file: a template with no real file beside it (a fresh clone, where \`.env\` is made from the template) is not an environment and says nothing, and \`.env.development\` is not what \`.env.example\` describes.`,
      why: `A template is how a team says which variables a service needs. When a variable is added to the template and to the code but not to the real file, the service starts with the code's default — or not at all — and nothing in the deploy says why.`,
      failing: {
        'api/.env.example': 'DATABASE_URL=\nSENTRY_DSN=\n',
        'api/.env': 'DATABASE_URL=postgres://app@db/app\n',
      },
      passing: {
        'api/.env': 'DATABASE_URL=postgres://app@db/app\nSENTRY_DSN=https://public@sentry.example.com/1\n',
      },
      fix: `Add the variable to the real file (or to compose or Kubernetes, wherever the service's settings live), or remove it from the template if the service no longer reads it.`,
    },
  },
  check(ctx) {
    const names = ctx.options.templates ?? TEMPLATES;
    for (const svc of servicesInScope(ctx as RuleContext<unknown>)) {
      // A template stands for the file it is named after (`.env.example` for `.env`): only a
      // folder where the service reads that file has something to compare with.
      const read = new Set((svc.dotenvReads ?? []).map((r) => r.file));
      const dirs = [...new Set([...read].map((f) => path.posix.dirname(f)))].sort();
      for (const dir of dirs) {
        for (const name of names) {
          const base = name.replace(/[._-](example|sample|template|dist|tpl|tmpl)$/i, '');
          if (!read.has(path.posix.join(dir, base))) continue;
          const rel = path.posix.relative(svc.root === '.' ? '' : svc.root, path.posix.join(dir, name)) || name;
          const template = ctx.io.readFile(svc.name, rel);
          if (!template) continue;
          ctx.cover(`${svc.name} ${template.file}`);
          const keys = templateKeys(template.text, template.file);
          if (!keys) {
            // Guessing keys line by line would take a private key's body for names: said, not guessed.
            ctx.report({
              messageId: 'unreadable',
              subject: template.file,
              data: { template: template.file },
              observations: [{ service: svc.name, secret: false, note: 'not read', source: { kind: 'dotenv', file: template.file } }],
            });
            continue;
          }
          for (const { key, line } of keys) {
            if (svc.vars.has(key)) continue;
            ctx.report({
              messageId: 'missing',
              vars: [key],
              data: { service: svc.name, key, template: template.file },
              observations: [
                {
                  service: svc.name,
                  secret: false,
                  via: key,
                  note: 'listed in the template, set nowhere',
                  source: { kind: 'dotenv', file: template.file, line },
                },
              ],
            });
          }
        }
      }
    }
  },
});

/**
 * The keys of a template with their lines, read as dotenv reads it (a multi-line quoted example
 * value is one value, not lines of keys); undefined when dotenv refuses it.
 */
export function templateKeys(text: string, file: string): { key: string; line: number }[] | undefined {
  try {
    return parseDotenv(text, file).map((e) => ({ key: e.key, line: e.source.line ?? 1 }));
  } catch {
    return undefined;
  }
}
