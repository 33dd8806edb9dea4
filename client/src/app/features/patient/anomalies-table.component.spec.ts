import { TestBed } from '@angular/core/testing';
import { signal } from '@angular/core';
import { sample } from '../../../testing/fakes';
import { AnomaliesStore } from './anomalies.store';
import { AnomaliesTableComponent } from './anomalies-table.component';

describe('AnomaliesTableComponent', () => {
  function storeWith(rows: ReturnType<typeof sample>[], extra: Record<string, unknown> = {}) {
    return {
      loading: signal(false),
      error: signal<string | null>(null),
      retryAt: signal<number | null>(null),
      retryNow: jest.fn(),
      rows: signal(rows),
      pageRows: signal(rows),
      unseen: signal(0),
      page: signal(0),
      pageCount: signal(1),
      hasMore: signal(false),
      loadingMore: signal(false),
      totalCount: signal(rows.length),
      nextPage: jest.fn(),
      previousPage: jest.fn(),
      firstPage: jest.fn(),
      ...extra,
    };
  }

  async function render(store: ReturnType<typeof storeWith>) {
    TestBed.configureTestingModule({ providers: [{ provide: AnomaliesStore, useValue: store }] });
    const fixture = TestBed.createComponent(AnomaliesTableComponent);
    await fixture.whenStable();
    return fixture;
  }

  it('lists flagged sensors and emits the selected time', async () => {
    const t = Date.now();
    const fixture = await render(
      storeWith([sample(t, [1, 2, 3, 4, 5, 6], 0b100010), sample(t - 200, [1, 2, 3, 4, 5, 6], 63)]),
    );
    const el = fixture.nativeElement as HTMLElement;
    const cells = [...el.querySelectorAll('tbody tr')].map((tr) =>
      tr.querySelectorAll('td')[1].textContent?.trim(),
    );
    expect(cells).toEqual(['L1 R2', 'all six']);
    expect(el.querySelectorAll('td.flagged')).toHaveLength(2);
    const selected = jest.fn();
    fixture.componentInstance.select.subscribe(selected);
    (el.querySelector('button.time') as HTMLButtonElement).click();
    expect(selected).toHaveBeenCalledWith(t);
  });

  it('has designed empty, loading and error states', async () => {
    let el = (await render(storeWith([]))).nativeElement as HTMLElement;
    expect(el.textContent).toContain('No anomalies recorded');
    TestBed.resetTestingModule();
    el = (await render(storeWith([], { loading: signal(true) }))).nativeElement;
    expect(el.querySelector('[aria-busy=true]')).not.toBeNull();
    TestBed.resetTestingModule();
    el = (await render(storeWith([], { error: signal('Server unreachable') }))).nativeElement;
    expect(el.querySelector('[role=status]')?.textContent).toContain('Server unreachable');
  });

  it('says calmly that a failed list will come back by itself, with a way to try now', async () => {
    const retryNow = jest.fn();
    const fixture = await render(
      storeWith([], { error: signal('Internal server error'), retryAt: signal(Date.now() + 2000), retryNow }),
    );
    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelector('[role=alert]')).toBeNull();
    expect(el.querySelector('[role=status]')?.textContent).toContain('Trying again by itself');
    [...el.querySelectorAll('button')].find((b) => b.textContent?.includes('Try now'))!.click();
    expect(retryNow).toHaveBeenCalled();
  });
});
