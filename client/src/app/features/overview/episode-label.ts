import type { PatientView } from './patient-view';

/** What a patient's episodes ask of a carer, in words: null when nothing is open or unseen. */
export function episodeLabel(
  p: Pick<PatientView, 'attention' | 'openEpisodes' | 'unacknowledgedEpisodes'>,
): string | null {
  if (p.unacknowledgedEpisodes > 0) {
    const severity = p.attention === null ? '' : `${p.attention.toLowerCase()} `;
    return p.unacknowledgedEpisodes === 1
      ? `1 ${severity}alarm unacknowledged`
      : `${p.unacknowledgedEpisodes} alarms unacknowledged (${severity.trim() || 'any'} highest)`;
  }
  if (p.openEpisodes > 0)
    return p.openEpisodes === 1
      ? '1 episode open, acknowledged'
      : `${p.openEpisodes} episodes open, acknowledged`;
  return null;
}
