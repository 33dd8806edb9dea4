import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { startSimulatorServer, type SimulatorServerOptions } from './simulator-server';

const WORKER_SCRIPT = join(__dirname, 'simulator-worker.js');

/** The embedded simulator as the server holds it: its base URL, and how to stop it. */
export interface EmbeddedSimulator {
  readonly url: string;
  /** Where it runs: its own thread, or this one (from TypeScript sources, under jest). */
  readonly thread: 'worker' | 'main';
  close(): Promise<void>;
}

/**
 * Starts the built-in API simulator on a thread of its own. At 1,000 patients it answers 5,000
 * requests a second; on the main thread that HTTP work (sockets, parsers, the bodies' garbage)
 * queued in front of every reading on its way to subscribers and of every GraphQL answer (the
 * ward overview's first screen waited for it). From TypeScript sources (jest) there is no compiled
 * worker file, and it runs in this thread.
 */
export async function startEmbeddedSimulator(
  options: SimulatorServerOptions,
  /** Told when the thread fails after it started (the polls then fail and are reported as such). */
  onFailure: (message: string) => void = () => undefined,
): Promise<EmbeddedSimulator> {
  if (!existsSync(WORKER_SCRIPT)) {
    const server = await startSimulatorServer(options);
    return { url: server.url, thread: 'main', close: () => server.close() };
  }
  const worker = new Worker(WORKER_SCRIPT, { workerData: options, name: 'plantar-simulator' });
  const url = await new Promise<string>((resolve, reject) => {
    worker.once('message', (message: { url?: string; error?: string }) => {
      if (message.url !== undefined) resolve(message.url);
      else reject(new Error(`the embedded simulator did not start: ${message.error ?? 'no answer'}`));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the embedded simulator's thread exited (${code})`)));
  });
  let closing: Promise<void> | undefined;
  worker.on('error', (error) => onFailure(error.message));
  worker.on('exit', (code) => {
    if (closing === undefined) onFailure(`its thread exited (code ${code})`);
  });
  return {
    url,
    thread: 'worker',
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        worker.once('message', (message: unknown) => {
          if (message === 'closed') void worker.terminate();
        });
        worker.postMessage('close');
      })),
  };
}
