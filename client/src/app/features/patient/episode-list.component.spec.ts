import { ApplicationRef, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { episode } from '../../../testing/episodes';
import { sample } from '../../../testing/fakes';
import { byAttention, type Episode } from '../../shared/episode';
import { EpisodeListComponent } from './episode-list.component';
import { EpisodesStore, type EpisodeReadings } from './episodes.store';

describe('EpisodeListComponent', () => {
  function storeWith(list: Episode[], extra: Record<string, unknown> = {}) {
    const rows = signal([...list].sort(byAttention));
    return {
      loading: signal(false),
      loadingMore: signal(false),
      error: signal<string | null>(null),
      retryAt: signal<number | null>(null),
      hasMore: signal(false),
      totalCount: signal(list.length),
      rows,
      unacknowledgedCount: signal(list.filter((e) => e.status.endsWith('_UNACKNOWLEDGED')).length),
      expanded: signal<string | null>(null),
      readings: signal<EpisodeReadings | null>(null),
      acknowledging: signal<string | null>(null),
      ackError: signal<{ id: string; message: string } | null>(null),
      noting: signal<string | null>(null),
      noteError: signal<{ id: string; message: string } | null>(null),
      episode: (id: string) => rows().find((e) => e.id === id),
      acknowledge: jest.fn(async (id: string) => {
        rows.update((r) =>
          r.map((e) => (e.id === id ? { ...e, status: 'ACTIVE_ACKNOWLEDGED' as const } : e)),
        );
        return true;
      }),
      addNote: jest.fn(async (id: string, text: string) => {
        rows.update((r) =>
          r.map((e) =>
            e.id === id
              ? { ...e, notes: [...e.notes, { at: '2026-12-03T10:30:00Z', by: 'nurse-2', text }] }
              : e,
          ),
        );
        return true;
      }),
      refresh: jest.fn(),
      loadOlder: jest.fn(),
      ...extra,
    };
  }

  async function render(store: ReturnType<typeof storeWith>) {
    TestBed.configureTestingModule({ providers: [{ provide: EpisodesStore, useValue: store }] });
    const fixture = TestBed.createComponent(EpisodeListComponent);
    await fixture.whenStable();
    return { fixture, el: fixture.nativeElement as HTMLElement };
  }

  const stable = () => TestBed.inject(ApplicationRef).whenStable();
  const button = (el: HTMLElement, text: string) =>
    [...el.querySelectorAll('button')].find((b) => b.textContent?.trim().startsWith(text));

  it('shows one row per episode, unacknowledged first, with worded severity and status', async () => {
    const { el } = await render(
      storeWith([
        episode({
          id: 'a',
          status: 'CLEARED_ACKNOWLEDGED',
          acknowledgedBy: 'nurse-1',
          startedAt: '2026-12-03T10:05:00Z',
        }),
        episode({
          id: 'b',
          kind: 'NO_DATA',
          severity: 'MEDIUM',
          sensors: [],
          status: 'CLEARED_UNACKNOWLEDGED',
          durationMs: 65_000,
        }),
      ]),
    );
    const rows = [...el.querySelectorAll('tr.episode')];
    expect(rows.map((r) => r.id)).toEqual(['episode-b', 'episode-a']);
    const cells = [...rows[0].querySelectorAll('td')].map((td) =>
      td.textContent?.replace(/\s+/g, ' ').trim(),
    );
    expect(cells.slice(1, 5)).toEqual([
      '1 min 5 s',
      'Medium No data',
      'whole patient',
      '! Cleared · not acknowledged',
    ]);
    expect(rows[1].textContent).toContain('Cleared · acknowledged');
    expect(rows[1].textContent).toContain('by nurse-1');
    // Only what needs acknowledging offers it.
    expect(rows[0].querySelector('button.ack')).not.toBeNull();
    expect(rows[1].querySelector('button.ack')).toBeNull();
  });

  it('expands a row from its time button and says so to assistive technology', async () => {
    const store = storeWith([episode({ id: 'a' })]);
    const { fixture, el } = await render(store);
    const toggled = jest.fn();
    fixture.componentInstance.toggle.subscribe(toggled);
    const expand = el.querySelector('button.expand') as HTMLButtonElement;
    expect(expand.getAttribute('aria-expanded')).toBe('false');
    expand.click();
    expect(toggled).toHaveBeenCalledWith(expect.objectContaining({ id: 'a' }));
    store.expanded.set('a');
    const t = Date.parse('2026-12-03T10:00:01Z');
    store.readings.set({
      id: 'a',
      samples: [sample(t, [1023, 2, 3, 4, 5, 6], 1)],
      totalCount: 80,
      loading: false,
      error: null,
    });
    await stable();
    expect(expand.getAttribute('aria-expanded')).toBe('true');
    expect(expand.getAttribute('aria-controls')).toBe('episode-detail-a');
    const detail = el.querySelector('#episode-detail-a')!;
    expect(detail.textContent).toContain('The 1 newest of 80 readings');
    expect(detail.querySelector('td.flagged')?.textContent).toContain('1023');
    const reviewed = jest.fn();
    fixture.componentInstance.review.subscribe(reviewed);
    (detail.querySelector('button.time') as HTMLButtonElement).click();
    expect(reviewed).toHaveBeenCalledWith(t);
  });

  it('acknowledges with a note: the form takes focus, submitting it (Enter in the note) sends it, focus returns', async () => {
    const store = storeWith([episode({ id: 'a' })]);
    const { el } = await render(store);
    button(el, 'Acknowledge…')!.click();
    await stable();
    const input = el.querySelector('#episode-note-a') as HTMLInputElement;
    expect(document.activeElement).toBe(input);
    input.value = 'seen; resting';
    input.dispatchEvent(new Event('input'));
    input.form!.dispatchEvent(new Event('submit', { cancelable: true }));
    await stable();
    expect(store.acknowledge).toHaveBeenCalledWith('a', 'seen; resting');
    await stable();
    expect(el.querySelector('form')).toBeNull();
    expect(el.querySelector('tr.episode')?.textContent).toContain('Active · acknowledged');
    expect(document.activeElement?.id).toBe('episode-toggle-a');
    expect(el.querySelector('p[role=status]')?.textContent).toContain('Acknowledged: Anomaly');
  });

  it('cancels with Escape, acknowledging nothing, and gives the focus back to the button', async () => {
    const store = storeWith([episode({ id: 'a' })]);
    const { el } = await render(store);
    button(el, 'Acknowledge…')!.click();
    await stable();
    el.querySelector('form')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await stable();
    expect(el.querySelector('form')).toBeNull();
    expect(store.acknowledge).not.toHaveBeenCalled();
    expect(document.activeElement?.id).toBe('episode-ack-a');
  });

  it('keeps the form and the note when the acknowledgement fails, and says why', async () => {
    const store = storeWith([episode({ id: 'a' })]);
    store.acknowledge.mockImplementationOnce(async () => {
      store.ackError.set({ id: 'a', message: 'Server unreachable' });
      return false;
    });
    const { el } = await render(store);
    button(el, 'Acknowledge…')!.click();
    await stable();
    const input = el.querySelector('#episode-note-a') as HTMLInputElement;
    input.value = 'checked';
    input.dispatchEvent(new Event('input'));
    input.form!.dispatchEvent(new Event('submit', { cancelable: true }));
    await stable();
    expect(el.querySelector('[role=alert]')?.textContent).toContain('Not acknowledged: Server unreachable');
    expect((el.querySelector('#episode-note-a') as HTMLInputElement).value).toBe('checked');
  });

  it('adds a note to an acknowledged episode: a note is required, Enter adds it, focus returns', async () => {
    const store = storeWith([
      episode({ id: 'a', status: 'CLEARED_ACKNOWLEDGED', acknowledgedBy: 'nurse-1' }),
    ]);
    const { el } = await render(store);
    expect(button(el, 'Acknowledge…')).toBeUndefined();
    button(el, 'Add note…')!.click();
    await stable();
    const input = el.querySelector('#episode-note-a') as HTMLInputElement;
    expect(document.activeElement).toBe(input);
    const submit = button(el, 'Add note') as HTMLButtonElement;
    expect(submit.disabled).toBe(true);
    input.value = 'family informed';
    input.dispatchEvent(new Event('input'));
    await stable();
    expect(submit.disabled).toBe(false);
    input.form!.dispatchEvent(new Event('submit', { cancelable: true }));
    await stable();
    expect(store.addNote).toHaveBeenCalledWith('a', 'family informed');
    expect(store.acknowledge).not.toHaveBeenCalled();
    await stable();
    expect(el.querySelector('form')).toBeNull();
    expect(document.activeElement?.id).toBe('episode-add-note-a');
    expect(el.querySelector('p[role=status]')?.textContent).toContain('Note added: Anomaly');
  });

  it('keeps the note form when adding fails, says why, and Escape closes it', async () => {
    const store = storeWith([episode({ id: 'a', status: 'ACTIVE_ACKNOWLEDGED' })]);
    store.addNote.mockImplementationOnce(async () => {
      store.noteError.set({ id: 'a', message: 'Server unreachable' });
      return false;
    });
    const { el } = await render(store);
    button(el, 'Add note…')!.click();
    await stable();
    const input = el.querySelector('#episode-note-a') as HTMLInputElement;
    input.value = 'checked';
    input.dispatchEvent(new Event('input'));
    input.form!.dispatchEvent(new Event('submit', { cancelable: true }));
    await stable();
    expect(el.querySelector('[role=alert]')?.textContent).toContain('Note not added: Server unreachable');
    expect((el.querySelector('#episode-note-a') as HTMLInputElement).value).toBe('checked');
    el.querySelector('form')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await stable();
    expect(el.querySelector('form')).toBeNull();
    expect(document.activeElement?.id).toBe('episode-add-note-a');
  });

  it('has designed empty, loading and error states', async () => {
    let { el } = await render(storeWith([]));
    expect(el.textContent).toContain('No episodes recorded');
    TestBed.resetTestingModule();
    ({ el } = await render(storeWith([], { loading: signal(true) })));
    expect(el.querySelector('[aria-busy=true]')).not.toBeNull();
    TestBed.resetTestingModule();
    const refresh = jest.fn();
    ({ el } = await render(
      storeWith([], { error: signal('Server unreachable'), retryAt: signal(Date.now() + 2000), refresh }),
    ));
    expect(el.querySelector('[role=status]')?.textContent).toContain('Trying again by itself');
    button(el, 'Try now')!.click();
    expect(refresh).toHaveBeenCalled();
  });
});
