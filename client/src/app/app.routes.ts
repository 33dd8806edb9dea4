import type { Routes } from '@angular/router';

export const routes: Routes = [
  {
    path: '',
    pathMatch: 'full',
    title: 'Patients · Plantar',
    loadComponent: () => import('./features/overview/overview.page').then((m) => m.OverviewPage),
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
