import type { PatientView } from './patient-view';

/** What a patient's episodes ask of a carer, in words: null when nothing is open or unseen. */
export function episodeLabel(
  p: Pick<PatientView, 'attention' | 'openEpisodes' | 'unacknowledgedEpisodes'>,
): string | null {
  if (p.unacknowledgedEpisodes > 0) {
    // Short enough for a card's one line at 1280 px: the count and the worst severity.
    const severity = p.attention ?? '';
    return p.unacknowledgedEpisodes === 1
      ? `${severity} alarm unacknowledged`.trim()
      : `${p.unacknowledgedEpisodes} alarms unacknowledged${severity ? ` (${severity})` : ''}`;
  }
  if (p.openEpisodes > 0)
    return p.openEpisodes === 1
      ? '1 episode open, acknowledged'
      : `${p.openEpisodes} episodes open, acknowledged`;
  return null;
}
