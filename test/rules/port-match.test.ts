import portMatch from '../../src/rules/port-match.js';
import { manifest, ruleTester } from './rule-tester.js';

const compose = `services:
  auth-service:
    ports: ["8080:8080"]
  api:
    environment:
      AUTH_URL: http://auth-service:8080
`;

/** A Deployment and a Service of the same name; the Service forwards port 80 to the named port `http`. */
const K8S_EMAIL = `apiVersion: apps/v1
kind: Deployment
metadata: { name: emailservice }
spec:
  selector: { matchLabels: { app: emailservice } }
  template:
    metadata: { labels: { app: emailservice } }
    spec:
      containers:
        - name: server
          ports:
            - { containerPort: 8080, name: http }
---
apiVersion: v1
kind: Service
metadata: { name: emailservice }
spec:
  selector: { app: emailservice }
  ports:
    - name: web
      port: 80
      targetPort: http
`;

const authAndApi = {
  auth: {
    env: ['auth.env'],
    compose: { file: 'docker-compose.yml', service: 'auth-service' },
    listens: ['port'],
    settings: { port: ['AUTH_SERVICE_PORT', 8000] },
  },
  api: { compose: { file: 'docker-compose.yml' }, settings: { auth_url: ['AUTH_URL'] } },
};
const rules = [{ rule: 'port-match' }];

ruleTester(
  portMatch,
  [
    {
      name: 'passes when the URL hits the port the target binds',
      files: {
        'concord.yaml': manifest({ services: authAndApi, rules: [{ rule: 'port-match', setting: 'auth_url' }] }),
        'auth.env': 'AUTH_SERVICE_PORT=8080\n',
        'docker-compose.yml': compose,
      },
      expect: [],
    },
    {
      name: 'fails when the client calls a port nobody listens on (incident 2), and the target contradicts its own deployment',
      files: {
        'concord.yaml': manifest({ services: authAndApi, rules: [{ rule: 'port-match', setting: 'auth_url' }] }),
        'auth.env': 'SERVER_PORT=8080\n',
        'docker-compose.yml': compose,
      },
      expect: [
        { messageId: 'claimsDisagree', services: ['auth'], locations: ['auth@concord.yaml:16', 'auth@docker-compose.yml:3'] },
        { messageId: 'noListener', services: ['api', 'auth'], locations: ['api@docker-compose.yml:6', 'auth@concord.yaml:16', 'auth@docker-compose.yml:3'] },
      ],
    },
    {
      name: 'a compose target that only declares ports answers on others too: no finding without a known binding',
      files: {
        'concord.yaml': manifest({
          services: { broker: { compose: { file: 'dc.yml' } }, connect: { compose: { file: 'dc.yml' }, settings: { bootstrap: ['BOOTSTRAP'] } } },
          rules,
        }),
        'dc.yml': 'services:\n  broker:\n    ports: ["9092:9092"]\n  connect:\n    environment:\n      BOOTSTRAP: broker:29092\n',
      },
      expect: [],
    },
    {
      name: 'PORT is one listener among the declared ones: a metrics port in expose is no contradiction, and is reachable',
      files: {
        'concord.yaml': manifest({
          services: {
            api: { compose: { file: 'dc.yml' }, listens: ['PORT'] },
            prom: { compose: { file: 'dc.yml' }, settings: { target: ['TARGET'], app: ['APP'] } },
          },
          rules,
        }),
        'dc.yml':
          'services:\n  api:\n    environment: { PORT: "3000" }\n    ports: ["3000:3000"]\n    expose: ["9464"]\n  prom:\n    environment:\n      TARGET: http://api:9464/metrics\n      APP: http://api:3000\n',
      },
      expect: [],
    },
    {
      name: "two compose projects' same-named services: a client reaches its own project's, on their shared network",
      files: {
        'concord.yaml': manifest({
          services: {
            'a-api': { compose: { file: 'a/compose.yaml', service: 'api' }, listens: ['PORT'] },
            'b-api': { compose: { file: 'b/compose.yaml', service: 'api' }, listens: ['PORT'] },
            'b-web': { compose: { file: 'b/compose.yaml', service: 'web' }, settings: { api_url: ['API_URL'] } },
          },
          rules,
        }),
        'a/compose.yaml': 'services:\n  api:\n    environment: { PORT: "8080" }\n',
        'b/compose.yaml': 'services:\n  api:\n    environment: { PORT: "9000" }\n  web:\n    environment:\n      API_URL: http://api:8080\n',
      },
      expect: [{ messageId: 'noListener', services: ['b-api', 'b-web'], locations: ['b-web@b/compose.yaml:6', 'b-api@b/compose.yaml:3'] }],
    },
    {
      name: 'uses an explicit target when the host does not name a service (incident 3: health URL with a VM IP)',
      files: {
        'concord.yaml': manifest({
          services: {
            controller: { config: ['controller.yaml'], settings: { health_url: ['vm.health_url'] } },
            agent: { config: ['agent.yaml'], listens: ['listen_port'] },
          },
          rules: [{ rule: 'port-match', setting: 'health_url', target: 'agent' }],
        }),
        'controller.yaml': 'vm:\n  health_url: "http://{VM_IP}:8080/health"\n',
        'agent.yaml': 'listen_port: 9100\n',
      },
      expect: [{ messageId: 'noListener', services: ['agent', 'controller'], locations: ['controller@controller.yaml:2', 'agent@agent.yaml:1'] }],
    },
    {
      name: 'ignores URLs to hosts that are not services of the platform',
      files: {
        'concord.yaml': manifest({ services: { a: { env: ['a.env'], listens: [9000], settings: { api: ['API_URL'] } }, b: { listens: [8080] } }, rules }),
        'a.env': 'API_URL=https://api.stripe.com\n',
      },
      expect: [],
    },
    {
      name: 'finds the target by host name with no setting given, using scheme default ports',
      files: {
        'concord.yaml': manifest({ services: { web: { env: ['web.env'], settings: { api: ['API_URL'] } }, api: { listens: [8080] } }, rules }),
        'web.env': 'API_URL=http://api/v1\n',
      },
      expect: [{ messageId: 'noListener', services: ['api', 'web'], locations: ['web@web.env:1', 'api@concord.yaml:13'] }],
    },
    {
      name: 'checks Kubernetes Service ports and where they forward',
      files: {
        'concord.yaml': manifest({
          services: { api: { k8s: { files: 'k8s/*.yaml' }, listens: [8081] }, web: { env: ['web.env'], settings: { a: ['A'], b: ['B'] } } },
          rules: [{ rule: 'port-match', settings: ['a', 'b'] }],
        }),
        'web.env': 'A=http://api-svc:80\nB=http://api-svc:9999\n',
        'k8s/api.yaml':
          'kind: Deployment\nmetadata: { name: api }\nspec:\n  template:\n    metadata: { labels: { app: api } }\n    spec:\n      containers:\n        - name: api\n          ports: [{ containerPort: 8081 }]\n---\nkind: Service\nmetadata: { name: api-svc }\nspec:\n  selector: { app: api }\n  ports:\n    - port: 80\n      targetPort: 8080\n',
      },
      expect: [
        { messageId: 'serviceTarget', services: ['api', 'web'] },
        { messageId: 'noServicePort', services: ['api', 'web'], locations: ['web@web.env:2', 'api@k8s/api.yaml:16'] },
      ],
    },
    {
      name: 'routes through a Kubernetes Service named like its Deployment to the named targetPort (the usual layout)',
      files: {
        'concord.yaml': manifest({
          services: {
            emailservice: { k8s: { files: 'k8s/*.yaml', namespace: 'shop' } },
            web: { env: ['web.env'], settings: { a: ['A'], b: ['B'], c: ['C'], d: ['D'] } },
          },
          rules,
        }),
        'web.env': 'A=http://emailservice/\nB=http://emailservice.shop:80\nC=emailservice.shop.svc.cluster.local:80\nD=http://emailservice.shop.svc:8080\n',
        'k8s/email.yaml': K8S_EMAIL,
      },
      expect: [{ messageId: 'noServicePort', services: ['emailservice', 'web'], locations: ['web@web.env:4', 'emailservice@k8s/email.yaml:20'] }],
    },
    {
      name: 'a headless Service is reached on the container port; an ExternalName Service aliases the Service it names',
      files: {
        'concord.yaml': manifest({
          services: { db: { k8s: { files: 'k8s/*.yaml', workload: 'statefulset/db' } }, web: { env: ['web.env'], settings: { a: ['A'], b: ['B'] } } },
          rules,
        }),
        'web.env': 'A=postgres://db-headless:5432/app\nB=postgres://database:5433/app\n',
        'k8s/db.yaml':
          'kind: StatefulSet\nmetadata: { name: db }\nspec:\n  template:\n    metadata: { labels: { app: db } }\n    spec:\n      containers:\n        - name: postgres\n          ports: [{ containerPort: 5432, name: pg }]\n---\nkind: Service\nmetadata: { name: db-headless }\nspec:\n  clusterIP: None\n  selector: { app: db }\n  ports: [{ port: 5432 }]\n---\nkind: Service\nmetadata: { name: db }\nspec:\n  selector: { app: db }\n  ports: [{ port: 5432, targetPort: pg }]\n---\nkind: Service\nmetadata: { name: database }\nspec:\n  type: ExternalName\n  externalName: db.default.svc.cluster.local\n',
      },
      expect: [{ messageId: 'noServicePort', services: ['db', 'web'], locations: ['web@web.env:2', 'db@k8s/db.yaml:22'] }],
    },
  ],
  { coveredElsewhere: { unknownHost: 'test/rules/port-match-edges.test.ts' } },
);
