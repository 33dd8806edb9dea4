import { parentPort, workerData } from 'node:worker_threads';
import { startSimulatorServer, type SimulatorServerOptions } from './simulator-server';

/**
 * The embedded API simulator's thread (see simulator-thread.ts): serves the API until told
 * 'close', then answers 'closed'.
 */
async function main(): Promise<void> {
  const port = parentPort;
  if (port === null) throw new Error('simulator-worker runs as a worker thread');
  const server = await startSimulatorServer(workerData as SimulatorServerOptions);
  port.on('message', (message: unknown) => {
    if (message !== 'close') return;
    void server.close().then(() => port.postMessage('closed'));
  });
  port.postMessage({ url: server.url });
}

void main().catch((error: unknown) => {
  parentPort?.postMessage({ error: (error as Error).message });
});
