import { Lifecycle } from './lifecycle';
import { silentLogger } from '../../test/support/quiet';

describe('Lifecycle', () => {
  it('closes what it owns in reverse order of opening, once, through starting → running → draining → stopped', async () => {
    const lifecycle = new Lifecycle(silentLogger());
    const closed: string[] = [];
    const phases: string[] = [lifecycle.phase.kind];
    lifecycle.own('store', 'S', (v) => void closed.push(v));
    lifecycle.own('http', 'H', async (v) => {
      phases.push(lifecycle.phase.kind);
      closed.push(v);
    });
    lifecycle.own('polling', 'P', (v) => void closed.push(v));
    lifecycle.running();
    phases.push(lifecycle.phase.kind);
    expect(lifecycle.shuttingDown).toBe(false);
    await Promise.all([lifecycle.stop(), lifecycle.stop()]);
    phases.push(lifecycle.phase.kind);
    expect(closed).toEqual(['P', 'H', 'S']);
    expect(phases).toEqual(['starting', 'running', 'draining', 'stopped']);
    expect(lifecycle.shuttingDown).toBe(true);
  });

  it('keeps closing the rest when one step fails', async () => {
    const lifecycle = new Lifecycle(silentLogger());
    const closed: string[] = [];
    lifecycle.own('a', 'a', (v) => void closed.push(v));
    lifecycle.own('b', 'b', () => {
      throw new Error('b broke');
    });
    lifecycle.own('c', 'c', (v) => void closed.push(v));
    await lifecycle.abort();
    expect(closed).toEqual(['c', 'a']);
    expect(lifecycle.phase.kind).toBe('stopped');
  });
});
