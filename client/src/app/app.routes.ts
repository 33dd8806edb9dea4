import type { Routes } from '@angular/router';
import { OverviewPage } from './features/overview/overview.page';

export const routes: Routes = [
  {
    path: '',
    pathMatch: 'full',
    title: 'Patients · Plantar',
    // In the initial bundle (~80 kB): the first page of the app. Lazy, its chunk and the chunk that
    // one imports were two round trips to a busy server before the patient list was even asked
    // (the list asked ~1 s later at 1,000 patients, in a same-run A/B).
    component: OverviewPage,
  },
  {
    path: 'patients/:id',
    title: 'Patient · Plantar',
    loadChildren: () => import('./features/patient/patient.routes').then((m) => m.patientRoutes),
  },
  {
    path: 'replays',
    title: 'Recordings · Plantar',
    loadComponent: () => import('./features/replay/recordings.page').then((m) => m.RecordingsPage),
  },
  {
    path: '**',
    title: 'Not found · Plantar',
    loadComponent: () => import('./features/not-found/not-found.page').then((m) => m.NotFoundPage),
  },
];
