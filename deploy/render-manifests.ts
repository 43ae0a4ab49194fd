/**
 * Regenerates deploy/manifests and deploy/examples from the Helm chart. Run after changing the
 * chart: `npx tsx deploy/render-manifests.ts` (needs helm; see docs/deploy.md).
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findHelm, generatedHeader, renderChart, VARIANTS } from './variants';

const deployDir = dirname(fileURLToPath(import.meta.url));
const helm = findHelm();
if (helm === undefined) {
  console.error('helm not found: install it or set SIDECARSCOPE_HELM (see docs/deploy.md).');
  process.exit(2);
}
for (const variant of VARIANTS) {
  writeFileSync(join(deployDir, variant.file), generatedHeader(variant) + renderChart(helm, deployDir, variant.args));
  console.log(`wrote deploy/${variant.file}`);
}
