import type { Routes } from '@angular/router';
import { provideEchartsCore } from 'ngx-echarts';
import { echarts } from './echarts-setup';
import { PatientPage } from './patient.page';

export const patientRoutes: Routes = [
  {
    path: '',
    component: PatientPage,
    providers: [provideEchartsCore({ echarts })],
  },
];
