/**
 * Declaration hygiene: legacy sidecars where native ones are available, and unpinned images.
 */
import { hasNativeSidecars, imageRepository } from '../classify';
import { fieldEvidence, makeFinding, type Rule } from './context';
import { imageFix, nativeFix } from './fixes';

/** Raises `legacy-sidecar` (info) for each sidecar in `spec.containers`, unless the cluster is known to predate native sidecars. */
export const detectLegacySidecars: Rule = (context) => {
  const version = context.input.cluster?.serverVersion;
  if (!hasNativeSidecars(version)) return [];
  return context.sidecars
    .filter((sidecar) => sidecar.kind === 'legacy-sidecar')
    .map((sidecar) =>
      makeFinding(context, 'legacy-sidecar', {
        container: sidecar.name,
        message: `${sidecar.name} is a sidecar declared in spec.containers`,
        evidence: [
          fieldEvidence('detected by', sidecar.signal ?? 'unknown'),
          fieldEvidence('cluster version', version ? `${version.major}.${version.minor}` : 'unknown'),
        ],
        ...nativeFix(context, sidecar, 'legacy'),
      }),
    );
};

/** The image's tag, or undefined when it has none; `undefined` too for digest-pinned images (checked separately). */
export function imageTag(image: string): string | undefined {
  const withoutDigest = image.split('@')[0] ?? '';
  const repository = imageRepository(withoutDigest);
  return withoutDigest.length > repository.length ? withoutDigest.slice(repository.length + 1) : undefined;
}

/** Raises `unpinned-sidecar-image` for a sidecar image with no tag or `:latest` and no digest. */
export const detectUnpinnedImages: Rule = (context) =>
  context.sidecars.flatMap((sidecar) => {
    if (sidecar.image.includes('@sha256:') || sidecar.image === '') return [];
    const tag = imageTag(sidecar.image);
    if (tag !== undefined && tag !== 'latest') return [];
    return [
      makeFinding(context, 'unpinned-sidecar-image', {
        container: sidecar.name,
        message: `${sidecar.name} runs ${sidecar.image}${tag === undefined ? ' (no tag: latest)' : ''}`,
        evidence: [fieldEvidence('image', sidecar.image)],
        ...imageFix(context, sidecar),
      }),
    ];
  });
