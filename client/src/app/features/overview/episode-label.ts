import { sensorsText } from '../../shared/episode';
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

/** ": L0 R1" or ": all six" after "anomaly now", empty when the feed named no sensor. */
export function flaggedText(sensors: readonly string[]): string {
  return sensors.length === 0 ? '' : `: ${sensorsText(sensors)}`;
}
