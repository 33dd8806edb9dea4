import { TestBed } from '@angular/core/testing';
import { DEFAULT_VIEW, type OverviewView } from './overview-params';
import { OverviewToolbarComponent } from './overview-toolbar.component';

describe('OverviewToolbarComponent', () => {
  async function render(view: Partial<OverviewView> = {}) {
    const fixture = TestBed.createComponent(OverviewToolbarComponent);
    fixture.componentRef.setInput('view', { ...DEFAULT_VIEW, ...view });
    const changes: Partial<OverviewView>[] = [];
    fixture.componentInstance.changed.subscribe((c) => changes.push(c));
    await fixture.whenStable();
    document.body.appendChild(fixture.nativeElement);
    return { el: fixture.nativeElement as HTMLElement, changes };
  }

  const button = (el: HTMLElement, text: string) =>
    [...el.querySelectorAll('button')].find((b) => b.textContent?.trim() === text) as HTMLButtonElement;

  it('toggles a status on and off, keeping the others', async () => {
    const { el, changes } = await render({ statuses: ['stale'] });
    expect(button(el, 'Stale').getAttribute('aria-pressed')).toBe('true');
    button(el, 'Failing').click();
    button(el, 'Stale').click();
    expect(changes).toEqual([{ statuses: ['stale', 'failing'] }, { statuses: [] }]);
  });

  it('focuses the search on "/", but a "/" typed into a field stays text', async () => {
    const { el } = await render();
    const search = el.querySelector('input[type=search]') as HTMLInputElement;
    const select = el.querySelector('select') as HTMLSelectElement;
    select.focus();
    const typed = new KeyboardEvent('keydown', { key: '/', bubbles: true, cancelable: true });
    select.dispatchEvent(typed);
    expect(typed.defaultPrevented).toBe(false);
    expect(document.activeElement).toBe(select);
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: '/', bubbles: true }));
    expect(document.activeElement).toBe(search);
  });

  it('clears the search with Escape and every filter with one button', async () => {
    const { el, changes } = await render({ query: 'nowak', openEpisode: true });
    (el.querySelector('input[type=search]') as HTMLInputElement).dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Escape' }),
    );
    button(el, 'Clear filters').click();
    expect(changes).toEqual([
      { query: '' },
      { query: '', statuses: [], disabled: 'any', openEpisode: false },
    ]);
  });

  it('offers no "Clear filters" when nothing is filtered', async () => {
    const { el } = await render({ sort: 'name' });
    expect(button(el, 'Clear filters')).toBeUndefined();
  });
});
