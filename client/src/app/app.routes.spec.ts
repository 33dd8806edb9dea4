import { routes } from './app.routes';

describe('routes', () => {
  it('lazy-loads every view', () => {
    expect(routes.map((r) => r.path)).toEqual(['', 'patients/:id', '**']);
    for (const route of routes) expect(route.loadComponent ?? route.loadChildren).toBeDefined();
  });
});
