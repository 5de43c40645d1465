// The fingerprint of a finding, shared by the formats whose readers follow a finding from one run to
// the next (SARIF's partialFingerprints, GitLab Code Quality's fingerprint).
import { createHash } from 'node:crypto';
import type { Finding } from '../types.js';

/**
 * Fingerprints that survive rows being added or removed above a finding: a row's finding is known
 * by its rule, campaign, file, customer and column; a campaign's by its rule, campaign and file; a
 * history file's by its rule, file and line. Findings alike in all of these are told apart by
 * their order of appearance. Files are known as `place` gives them: relative to the repository's
 * root, the fingerprint does not depend on the folder the check ran in.
 */
export function fingerprinter(place: (file: string) => string = (file) => file): (finding: Finding) => string {
  // Occurrences by a number taken from the identity's hash, not by the identity itself, and only
  // within the campaign at hand (findings come campaign by campaign): memory stays small.
  const seen = new Map<number, number>();
  let campaign: string | null | undefined;
  return (finding) => {
    const { ruleId, campaignId, customerId, line, column } = finding;
    const file = finding.file === null ? null : place(finding.file);
    if (campaignId !== campaign) {
      seen.clear();
      campaign = campaignId;
    }
    const identity =
      campaignId === null
        ? ['run', ruleId, file, line, column ?? null]
        : customerId === null
          ? ['campaign', ruleId, campaignId, file, column ?? null]
          : ['row', ruleId, campaignId, file, customerId, column ?? null];
    const key = JSON.stringify(identity);
    const slot = Number.parseInt(createHash('sha256').update(key).digest('hex').slice(0, 12), 16);
    const occurrence = (seen.get(slot) ?? 0) + 1;
    seen.set(slot, occurrence);
    return createHash('sha256').update(`${key}#${occurrence}`).digest('hex').slice(0, 32);
  };
}
