import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { FULL_ZOOM, type ZoomRange } from '../../shared/zoom';
import { ZoomControlComponent } from './zoom-control.component';

@Component({
  imports: [ZoomControlComponent],
  template: `<pl-zoom-control [(zoom)]="zoom" [range]="range" [utc]="true" />`,
})
class Host {
  readonly zoom = signal<ZoomRange>(FULL_ZOOM);
  readonly range = { from: Date.UTC(2026, 0, 1, 10, 0, 0), to: Date.UTC(2026, 0, 1, 10, 10, 0) };
}

describe('ZoomControlComponent', () => {
  async function render() {
    const fixture = TestBed.createComponent(Host);
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    const button = (name: string) =>
      [...el.querySelectorAll('button')].find((b) => b.textContent?.includes(name)) as HTMLButtonElement;
    const click = async (name: string) => {
      button(name).click();
      await fixture.whenStable();
    };
    return { fixture, el, button, click, host: fixture.componentInstance };
  }

  it('zooms in, moves and zooms back out with buttons', async () => {
    const { host, click, button } = await render();
    expect(button('Zoom out').disabled).toBe(true);
    await click('Zoom in');
    expect(host.zoom()).toEqual({ start: 50, end: 100 });
    expect(button('Later').disabled).toBe(true);
    await click('Earlier');
    expect(host.zoom()).toEqual({ start: 25, end: 75 });
    await click('Whole window');
    expect(host.zoom()).toEqual(FULL_ZOOM);
  });

  it('has labelled range inputs announced as times, driven by the keyboard', async () => {
    const { el, host, fixture } = await render();
    const [start, end] = [...el.querySelectorAll<HTMLInputElement>('input[type=range]')];
    expect(start.getAttribute('aria-label')).toBe('Start of the zoomed span');
    expect(end.getAttribute('aria-valuetext')).toBe('10:10:00');
    // A keyboard step on a native range input changes its value and fires `input`.
    start.value = '10';
    start.dispatchEvent(new Event('input'));
    await fixture.whenStable();
    expect(host.zoom()).toEqual({ start: 10, end: 100 });
    expect(start.getAttribute('aria-valuetext')).toBe('10:01:00');
  });

  it('keeps the start thumb before the end thumb', async () => {
    const { el, host, fixture } = await render();
    const [start, end] = [...el.querySelectorAll<HTMLInputElement>('input[type=range]')];
    end.value = '30';
    end.dispatchEvent(new Event('input'));
    start.value = '80';
    start.dispatchEvent(new Event('input'));
    await fixture.whenStable();
    expect(host.zoom()).toEqual({ start: 28, end: 30 });
  });
});
