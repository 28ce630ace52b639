import { defineRule } from './define.js';
import { servicesInScope, type RuleContext } from './types.js';

/**
 * What Kubernetes itself would get wrong in the manifests the services are read from, whether or
 * not a setting goes through it: a Service selecting no workload, a targetPort (a name or a
 * number) no selected container has, a value the API server rejects because YAML 1.1 makes it a
 * boolean or a number. A chart or overlay that could not be rendered makes the run incomplete.
 */
export default defineRule({
  meta: {
    id: 'k8s-manifest',
    description:
      'Kubernetes manifests hold together by themselves: each Service selects a workload and its targetPort (a name or a number) is a port a selected container has; values Kubernetes needs as strings are strings in YAML 1.1; charts and overlays were rendered.',
    severity: 'error',
    options: {
      description:
        'Options of the k8s-manifest rule: Services route to a port a selected container has, values Kubernetes needs as strings are strings, charts and overlays are rendered.',
      properties: {},
    },
    messages: {
      notString: '{{object}} {{field}} is a {{type}} to Kubernetes (YAML 1.1), where it needs a string: the API server rejects it; quote the value',
      selectsNothing: 'Service {{service}} selects no workload in the files read ({{selector}}); its pods may come from elsewhere',
      selectsNothingNear: 'Service {{service}} selects no workload ({{selector}}); {{near}} is close',
      targetPortUnnamed: 'Service {{service}} port {{port}} forwards to the port named {{targetPort}}, which no container of {{workloads}} declares',
      targetPortUnbound: 'Service {{service}} port {{port}} forwards to port {{targetPort}}, which no container of {{workloads}} binds',
    },
    docs: {
      what: `Kubernetes manifests hold together by themselves, whether or not a setting goes through them: a Service selects a workload; its \`targetPort\` — a number, or a name looked up in the selected containers' \`ports[].name\` — is a port a selected container has; a value Kubernetes needs as a string (\`env[].value\`, ConfigMap and Secret \`data\`) is a string once YAML 1.1 has read it (\`8080\`, \`on\`, \`0755\` are not). A chart or overlay that could not be rendered makes the run incomplete (exit 3).`,
      why: `A Service whose \`targetPort\` no container listens on answers every client with "connection refused" while each Deployment looks healthy; an unquoted \`value: on\` is rejected by the API server at deploy time, after CI said yes.`,
      failing: {
        'concord.yaml': `version: 1
services:
  web:
    k8s: { files: k8s/web.yaml, workload: deployment/web }
rules:
  - rule: k8s-manifest
`,
        'k8s/web.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: web
          image: web:1
          ports: [{ name: http, containerPort: 8080 }]
---
apiVersion: v1
kind: Service
metadata: { name: web }
spec:
  selector: { app: web }
  ports: [{ port: 80, targetPort: https }]
`,
      },
      passing: {
        'k8s/web.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: web
          image: web:1
          ports: [{ name: http, containerPort: 8080 }]
---
apiVersion: v1
kind: Service
metadata: { name: web }
spec:
  selector: { app: web }
  ports: [{ port: 80, targetPort: http }]
`,
      },
      fix: `Point the Service's \`targetPort\` at a port name or number a selected container declares (or fix the selector's labels); quote string values (\`value: "8080"\`); install \`kubectl\` (kustomize) or \`helm\` where concord runs so overlays and charts are rendered.`,
    },
  },
  check(ctx) {
    const inScope = new Set(servicesInScope(ctx as RuleContext<unknown>).map((s) => s.name));
    for (const p of ctx.model.k8sProblems ?? []) {
      const services = p.services.filter((s) => inScope.has(s)).slice(0, p.shared ? 1 : undefined);
      if (services.length === 0) continue;
      ctx.cover(p.subject);
      if (p.messageId === 'notRendered') {
        // Settings read from the chart or overlay were not checked: say which, and do not pass.
        ctx.io.incomplete({
          services,
          reason: 'not-rendered',
          message: `${p.data.what} ${p.data.path} was not rendered (${p.data.reason}); the settings of ${services.join(', ')} read from it are not checked`,
        });
        continue;
      }
      ctx.report({
        messageId: p.messageId,
        subject: p.subject,
        data: p.data,
        observations: services.map((service) => ({ service, secret: false, source: p.source, via: p.subject })),
        ...(p.severity ? { severity: p.severity } : {}),
      });
    }
  },
});
