// Validates Kubernetes objects against the Kubernetes API schemas (kubernetes-models,
// an ESM-only package, hence a separate node process rather than jest):
//   node test/support/validate-k8s.mjs < objects.json   → prints [{ kind, name, error|null }]
import { Deployment } from 'kubernetes-models/apps/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { Namespace, Service, ConfigMap, Secret } from 'kubernetes-models/v1';

const MODELS = { Deployment, Job, Namespace, Service, ConfigMap, Secret };
let input = '';
process.stdin
  .on('data', (d) => (input += d))
  .on('end', () => {
    const results = JSON.parse(input).map((o) => {
      const Model = MODELS[o.kind];
      if (!Model) return { kind: o.kind, name: o.metadata?.name, error: `no model for kind ${o.kind}` };
      try {
        new Model(o).validate();
        return { kind: o.kind, name: o.metadata?.name, error: null };
      } catch (e) {
        return { kind: o.kind, name: o.metadata?.name, error: String(e?.message ?? e) };
      }
    });
    process.stdout.write(JSON.stringify(results));
  });
