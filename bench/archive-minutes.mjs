// Synthetic archive minutes shared by the archive benches (history-archive, export).
import { MinuteBuilder } from '../server/dist/archive/minute-samples.js';

/** Gait-like values: cheap to make, compress like real ones (a walk, a flag now and then). */
export function walkingMinute(patientId, minute, hz = 5) {
  const n = 60 * hz;
  const b = new MinuteBuilder(patientId, minute, 6, n);
  const period = 1000 / hz;
  for (let i = 0; i < n; i++) {
    const at = minute + Math.round(i * period);
    const phase = ((at / 1000) % 1.1) / 1.1;
    const sensors = [0, 1, 2, 3, 4, 5].map((id) => {
      const foot = id < 3 ? phase : (phase + 0.5) % 1;
      const value = foot < 0.6 ? Math.round(300 + 600 * Math.sin(foot * Math.PI) + id * 7) : 20 + id;
      return { id, value, anomaly: i % 97 === 0 && id === 2 };
    });
    b.add(at, sensors);
  }
  return b.build();
}
