import { setupZonelessTestEnv } from 'jest-preset-angular/setup-env/zoneless';

setupZonelessTestEnv();

// jsdom has neither a canvas nor ResizeObserver; ECharts and ngx-echarts need both to exist.
class ResizeObserverStub {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
Object.defineProperty(globalThis, 'ResizeObserver', { value: ResizeObserverStub, writable: true });
Object.defineProperty(HTMLCanvasElement.prototype, 'getContext', { value: () => null, writable: true });
