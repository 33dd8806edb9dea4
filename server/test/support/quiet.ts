import pino from 'pino';
import { createMetrics } from '../../src/observability/metrics';

export const silentLogger = () => pino({ level: 'silent' });
export const freshMetrics = () => createMetrics();
